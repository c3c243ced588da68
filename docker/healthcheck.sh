#!/bin/bash
# The image's HEALTHCHECK: healthy while GET /actuator/health/readiness answers 200, i.e. the node
# serves a configuration (also while serving its last-snapshot file with the store away). Plain
# bash (/dev/tcp), so that it needs no curl or wget in the base image. The admin API's address and
# port follow SERVER_ADDRESS and SERVER_PORT; the wildcard address is asked on loopback.
set -u
host=${SERVER_ADDRESS:-127.0.0.1}
case "$host" in 0.0.0.0 | :: | "") host=127.0.0.1 ;; esac
exec 3<>"/dev/tcp/$host/${SERVER_PORT:-8080}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$host" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ $status == HTTP/1.[01]\ 200* ]]
