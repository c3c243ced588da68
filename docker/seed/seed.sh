#!/bin/bash
# Loads the seed configuration of docker/compose.yaml through a node's admin API, once: a store
# that already has the networking account is left as it is. Plain bash (HTTP over /dev/tcp), so
# that it runs in the node image, which has no curl.
#
#   ADMIN_URL=http://127.78.1.1:8080 OPERATOR_TOKEN=... bash docker/seed/seed.sh
#
# What it creates (all in account 111111111111, "networking"):
#   VPC use1 127.78.10.0/24 (us-east-1), VPC usw2 127.78.20.0/24 (us-west-2)
#   zone aws.example.internal in both VPCs: web A 10.78.0.10; db a failover pair, PRIMARY 10.78.1.20
#     guarded by a METRIC check (namespace seed, HealthyHostCount{Service=db} averaging below 1 in
#     2 of the last 3 periods of 10 s), SECONDARY 10.78.2.20
#   outbound endpoint in use1 (127.78.1.61, .62) and a FORWARD rule customer.local →
#     127.0.0.1:10053 (BIND, docker/onprem/named.compose.conf) associated with use1
#   inbound endpoint in use1 (127.78.1.53, .54 port 8053) for the data centre 127.78.0.0/24
set -euo pipefail
: "${ADMIN_URL:?ADMIN_URL must be set, e.g. http://127.78.1.1:8080}"
: "${OPERATOR_TOKEN:?OPERATOR_TOKEN must be set}"
authority=${ADMIN_URL#http://}
authority=${authority%%/*}
host=${authority%:*}
port=${authority##*:}

# http METHOD PATH TOKEN [BODY]: prints the response body; fails on a status other than 2xx.
http() {
  local method=$1 path=$2 token=$3 body=${4:-} auth="" response status
  [ -z "$token" ] || auth="Authorization: Bearer $token"$'\r\n'
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf '%s %s HTTP/1.0\r\nHost: %s\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$method" "$path" "$host" "$auth" "${#body}" "$body" >&3
  response=$(cat <&3)
  exec 3<&-
  status=$(head -n 1 <<<"$response" | cut -d ' ' -f 2)
  body=${response#*$'\r\n\r\n'}
  if [[ $status != 2?? ]]; then
    echo "seed: $method $path answered ${status:-nothing}: $body" >&2
    return 1
  fi
  printf '%s' "$body"
}

# The first "id" of a JSON response (the created resource's own; nested ones come later).
id_of() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4; }

# The node may still be starting, or waiting for the store: up to ten minutes for the first
# answer that needs the store (a start on a busy small host takes minutes).
echo "seed: waiting for the admin API at $ADMIN_URL and its store"
for _ in $(seq 1 300); do
  accounts=$( (http GET /v1/accounts "$OPERATOR_TOKEN") 2>/dev/null) && break
  sleep 2
done
if [ -z "${accounts:-}" ]; then
  echo "seed: no answer from $ADMIN_URL/v1/accounts within ten minutes" >&2
  exit 1
fi
if grep -q '"111111111111"' <<<"$accounts"; then
  echo "seed: the store already holds the seed configuration"
  exit 0
fi

token=$(http POST /v1/accounts "$OPERATOR_TOKEN" '{"id":"111111111111","name":"networking"}' |
  grep -o '"token":"[^"]*"' | cut -d '"' -f 4)
use1=$(http POST /v1/vpcs "$token" \
  '{"name":"use1","region":"us-east-1","cidrs":["127.78.10.0/24"]}' | id_of)
usw2=$(http POST /v1/vpcs "$token" \
  '{"name":"usw2","region":"us-west-2","cidrs":["127.78.20.0/24"]}' | id_of)
zone=$(http POST /v1/hostedzones "$token" \
  '{"name":"aws.example.internal","vpcId":"'"$use1"'","comment":"seed"}' | id_of)
http POST "/v1/hostedzones/$zone/associations" "$token" '{"vpcId":"'"$usw2"'"}' >/dev/null
check=$(http POST /v1/healthchecks "$token" '{"type":"METRIC","metric":{"namespace":"seed",
  "metricName":"HealthyHostCount","dimensions":{"Service":"db"},"statistic":"Average",
  "periodSeconds":10,"evaluationPeriods":3,"datapointsToAlarm":2,
  "comparison":"LessThanThreshold","threshold":1}}' | id_of)
http POST "/v1/hostedzones/$zone/rrsets/changes" "$token" '{"comment":"seed","changes":[
  {"action":"CREATE","rrset":{"name":"web.aws.example.internal","type":"A","ttl":60,
    "records":["10.78.0.10"]}},
  {"action":"CREATE","rrset":{"name":"db.aws.example.internal","type":"A","ttl":10,
    "setIdentifier":"use1","failover":"PRIMARY","healthCheckId":"'"$check"'",
    "records":["10.78.1.20"]}},
  {"action":"CREATE","rrset":{"name":"db.aws.example.internal","type":"A","ttl":10,
    "setIdentifier":"usw2","failover":"SECONDARY","records":["10.78.2.20"]}}]}' >/dev/null
outbound=$(http POST /v1/resolver/endpoints "$token" '{"name":"use1-out","direction":"OUTBOUND",
  "vpcId":"'"$use1"'","ipAddresses":[{"ip":"127.78.1.61"},{"ip":"127.78.1.62"}]}' | id_of)
rule=$(http POST /v1/resolver/rules "$token" '{"name":"onprem","domainName":"customer.local",
  "ruleType":"FORWARD","targetIps":[{"ip":"127.0.0.1","port":10053}],
  "resolverEndpointId":"'"$outbound"'"}' | id_of)
http POST "/v1/resolver/rules/$rule/associations" "$token" '{"vpcId":"'"$use1"'"}' >/dev/null
http POST /v1/resolver/endpoints "$token" '{"name":"use1-in","direction":"INBOUND",
  "vpcId":"'"$use1"'","ipAddresses":[{"ip":"127.78.1.53","port":8053},
  {"ip":"127.78.1.54","port":8053}],"allowedSourceCidrs":["127.78.0.0/24"]}' >/dev/null
echo "seed: loaded (zone $zone, health check $check, rule $rule)"
