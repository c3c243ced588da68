#!/bin/bash
# Entry point of the local PostgreSQL image (Dockerfile.postgres), with the same interface as the
# public postgres image for what docker/compose.yaml uses: POSTGRES_USER, POSTGRES_PASSWORD and
# POSTGRES_DB create the database on the first start in an empty PGDATA; the arguments are passed
# to postgres ("postgres -c name=value ..."). PostgreSQL runs as the postgres user and replaces
# this script, so it receives the stop signal itself (SIGINT: a fast shutdown, as the public image).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
export PGDATA
if [ "${1:-}" = postgres ]; then
  shift
fi

mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "initialising $PGDATA for user $POSTGRES_USER, database $POSTGRES_DB"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres "$pwfile"
  runuser -u postgres -- "$bin/initdb" --username="$POSTGRES_USER" --auth-local=trust \
    --auth-host=scram-sha-256 --pwfile="$pwfile" >/dev/null
  rm -f "$pwfile"
  # Clients come from other containers or addresses: a password from anywhere, as the public image.
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # Every address of the container, as the public image: a published port reaches the container's
  # own interface, not its loopback ("-c listen_addresses=..." still narrows it).
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  # As the public image, a temporary server on the Unix socket only creates the database: the log
  # then says "database system is ready to accept connections" once for it and once for the real
  # server, and clients of the public image wait for the second (Testcontainers' PostgreSQLContainer).
  runuser -u postgres -- "$bin/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start
  if [ "$POSTGRES_DB" != postgres ]; then
    runuser -u postgres -- "$bin/psql" -q -v ON_ERROR_STOP=1 --username="$POSTGRES_USER" \
      --dbname=postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  runuser -u postgres -- "$bin/pg_ctl" -D "$PGDATA" -m fast -w stop
fi
# setpriv execs (runuser would stay as the parent and swallow the stop signal).
exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$PGDATA" "$@"
