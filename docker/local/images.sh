#!/usr/bin/env bash
# Builds the container images of docker/ with podman where no container registry is reachable
# but Debian's package mirror is (apt-get works): the base images are made locally, once, and
# reused while they exist; the node image is rebuilt from the current jar on every call (a cached,
# quick build when the jar has not changed).
#
#   mvn -B -DskipTests package -pl resolver-server -am     # resolver-server/target/isthmus.jar
#   docker/local/images.sh                                  # the images below
#   podman-compose --podman-path docker/local/podman-host-network \
#     -f docker/compose.yaml -f docker/local/compose.yaml up -d
#
# Images (all under localhost/):
#   isthmus-debian:bookworm   Debian 12 minbase, made with debootstrap from the mirror apt uses
#   isthmus-jre:17            + openjdk-17-jre-headless: BASE of docker/Dockerfile here
#   isthmus-postgres:15       + postgresql (Dockerfile.postgres), the compose stack's store
#   isthmus-bind9:9.18        + bind9 (Dockerfile.bind9), the compose stack's on-premises DNS
#   isthmus:latest            docker/Dockerfile on isthmus-jre:17
#
# Runs as root (debootstrap, podman's root storage). podman reads docker/local/containers.conf
# (CONTAINERS_CONF) unless CONTAINERS_CONF is set already. Needs podman, runc and debootstrap.
# --bases-only: stop before the node image (no jar needed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}

debian=localhost/isthmus-debian:bookworm
jre=localhost/isthmus-jre:17

for tool in podman runc debootstrap; do
  command -v "$tool" >/dev/null || {
    echo "images.sh: $tool is missing (Debian: apt-get install podman runc debootstrap)" >&2
    exit 2
  }
done

# The Debian mirror apt already uses (deb822 sources first, then sources.list).
mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

if ! podman image exists "$debian"; then
  echo "images.sh: making $debian with debootstrap (a few minutes, once)"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$(mirror)" >/dev/null
  tar -C "$root" -c . | podman import - "$debian" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

# apt-get inside a build needs the host's network (no container network is set up here). An image
# is rebuilt when its Dockerfile or the files it copies change (a label holds their digest); the
# package layer then comes from podman's build cache.
build_base() {
  local image=$1 dockerfile=$2
  shift 2
  local digest
  digest=$(cd "$here" && cat "$dockerfile" "$@" | sha256sum | cut -c1-16)
  if [ "$(podman image inspect --format '{{index .Labels "io.isthmus.source"}}' "$image" 2>/dev/null)" \
    != "$digest" ]; then
    echo "images.sh: building $image"
    podman build -q --network host --build-arg DEBIAN="$debian" --label io.isthmus.source="$digest" \
      -t "$image" -f "$here/$dockerfile" "$here" >/dev/null
  fi
}
build_base "$jre" Dockerfile.jre
build_base localhost/isthmus-postgres:15 Dockerfile.postgres postgres-entrypoint.sh
build_base localhost/isthmus-bind9:9.18 Dockerfile.bind9

if [ "${1:-}" = --bases-only ]; then
  exit 0
fi
jar=$repo/resolver-server/target/isthmus.jar
[ -f "$jar" ] || {
  echo "images.sh: $jar is missing: mvn -B -DskipTests package -pl resolver-server -am" >&2
  exit 2
}
# docker format: the OCI format has no HEALTHCHECK.
podman build -q --format docker --network host --build-arg BASE="$jre" -t localhost/isthmus:latest \
  -f "$repo/docker/Dockerfile" "$repo" >/dev/null
echo "images.sh: localhost/isthmus:latest built on $jre"
