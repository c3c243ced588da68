"""What every replay shares (the scripts of this folder import it).

A replay is run as: python3 SCRIPT ENDPOINT KEY_ID SECRET REQUEST, REQUEST a JSON object. It makes
boto3 clients for the one key pair (no retries, so that each call the tool makes is made once),
records every call with its outcome, and prints one JSON document.
"""
import json
import sys

import boto3
import botocore

calls = []


class Failed(Exception):
    """The replayed tool would stop here with an error of its own."""


def arguments():
    """(endpoint, key id, secret, request) from the command line."""
    endpoint, key_id, secret = sys.argv[1:4]
    return endpoint, key_id, secret, json.loads(sys.argv[4])


def client(service, endpoint, key_id, secret):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )


def call(aws, operation, **params):
    """One call of client aws, recorded with its outcome; raises the client's error."""
    entry = {"op": operation}
    calls.append(entry)
    try:
        result = getattr(aws, operation)(**params)
        entry["ok"] = True
        return result
    except botocore.exceptions.ClientError as e:
        entry["ok"] = False
        entry["error"] = error_code(e)
        entry["status"] = e.response["ResponseMetadata"]["HTTPStatusCode"]
        entry["message"] = e.response["Error"].get("Message", "")
        raise


def error_code(e):
    return e.response["Error"]["Code"]


def run(operations, request):
    """Runs operations[request["op"]] and prints its state (or error) with every call made."""
    result = {}
    try:
        result["state"] = operations[request["op"]](request)
    except (botocore.exceptions.ClientError, Failed) as e:
        result["error"] = str(e)
    result["calls"] = [c["op"] + ("" if c["ok"] else " " + c["error"]) for c in calls]
    print(json.dumps(result))
