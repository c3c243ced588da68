#!/usr/bin/env python3
"""What the AWS-compatible API costs against /v1 (issue 14's goal: ChangeResourceRecordSets
through the facade within 20 % of the same batch through /v1).

Against a running node with the facade on: makes an account, an access key, a VPC and a private
zone through /v1, then alternates rounds of one-record UPSERT batches, each round first through
the facade with boto3 and then through POST /v1/hostedzones/{id}/rrsets/changes with urllib. Per
call it times the HTTP round trip only (for boto3 from its before-send event to its needs-retry
event, after the response is read; signing and building the request are left out), so both
figures are the node's time plus a loopback round trip; the facade's includes checking the
signature and reading and writing XML. Prints per round and overall p50 and p99.

Usage: aws-facade.py --api http://127.81.0.1:18081 --aws http://127.81.0.1:4566 \\
         --operator-token TOKEN [--rounds 5] [--calls 300]
"""
import argparse
import json
import statistics
import time
import urllib.request

import boto3


def call(api, method, path, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--aws", required=True)
    parser.add_argument("--operator-token", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()

    account = call(args.api, "POST", "/v1/accounts", args.operator_token, {"name": "facade-bench"})
    token = account["token"]
    key = call(args.api, "POST", "/v1/accounts/%s/aws-keys" % account["id"], args.operator_token)
    vpc = call(args.api, "POST", "/v1/vpcs", token,
               {"name": "bench", "region": "us-east-1", "cidrs": ["127.82.0.0/16"]})
    zone = call(args.api, "POST", "/v1/hostedzones", token,
                {"name": "facade.bench.example", "vpcId": vpc["id"]})

    route53 = boto3.client("route53", endpoint_url=args.aws, region_name="us-east-1",
                           aws_access_key_id=key["accessKeyId"],
                           aws_secret_access_key=key["secretAccessKey"])
    sent = {}

    def before_send(request, **kwargs):
        sent["at"] = time.perf_counter()

    def needs_retry(**kwargs):
        sent["took"] = time.perf_counter() - sent["at"]

    route53.meta.events.register("before-send.route53.ChangeResourceRecordSets", before_send)
    route53.meta.events.register("needs-retry.route53.ChangeResourceRecordSets", needs_retry)

    def facade(i):
        route53.change_resource_record_sets(
            HostedZoneId=zone["id"],
            ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
                "Name": "www.facade.bench.example", "Type": "TXT", "TTL": 60,
                "ResourceRecords": [{"Value": '"facade %d"' % i}]}}]})
        return sent["took"]

    def v1(i):
        start = time.perf_counter()
        call(args.api, "POST", "/v1/hostedzones/%s/rrsets/changes" % zone["id"], token,
             {"changes": [{"action": "UPSERT", "rrset": {
                 "name": "www.facade.bench.example", "type": "TXT", "ttl": 60,
                 "records": ['"v1 %d"' % i]}}]})
        return time.perf_counter() - start

    for i in range(100):  # warm-up: the JIT compiles both paths
        facade(i)
        v1(i)
    totals = {"facade": [], "v1": []}
    for r in range(args.rounds):
        for name, run in (("facade", facade), ("v1", v1)):
            times = [run(i) for i in range(args.calls)]
            totals[name] += times
            print("round %d %-6s p50 %.2f ms  p99 %.2f ms" % (
                r + 1, name, statistics.median(times) * 1000, percentile(times, 99) * 1000))
    f50 = statistics.median(totals["facade"])
    v50 = statistics.median(totals["v1"])
    print("overall facade p50 %.2f ms p99 %.2f ms; /v1 p50 %.2f ms p99 %.2f ms; facade/v1 p50 %.0f %%" % (
        f50 * 1000, percentile(totals["facade"], 99) * 1000,
        v50 * 1000, percentile(totals["v1"], 99) * 1000, 100 * f50 / v50))


if __name__ == "__main__":
    main()
