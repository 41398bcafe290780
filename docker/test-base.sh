#!/bin/sh
# Makes a Debian bookworm base image with a Java 17 JRE for machines without registry access
# (the container test in `mvn verify` builds FROM it; elsewhere the public Temurin image is the default).
#   debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm DIR
#   tar -C DIR -c . | podman import - NAME
# Reuses the image when it already exists. Progress goes to stderr; the LAST line on stdout is the image name.
# Environment: RADBRIDGE_TEST_BASE (image name, default localhost/radbridge-base:bookworm-jre17),
#              DEBIAN_MIRROR (default http://deb.debian.org/debian), CONTAINER_ENGINE (podman or docker).
# Needs root (debootstrap) the first time only.
set -eu
name="${RADBRIDGE_TEST_BASE:-localhost/radbridge-base:bookworm-jre17}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  if command -v podman >/dev/null 2>&1; then engine=podman
  elif command -v docker >/dev/null 2>&1; then engine=docker
  else echo "test-base.sh: neither podman nor docker is installed" >&2; exit 2; fi
fi
if "$engine" image inspect "$name" >/dev/null 2>&1; then
  echo "test-base.sh: reusing $name" >&2
  echo "$name"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || { echo "test-base.sh: debootstrap is not installed" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/var/tmp}/radbridge-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT INT TERM
echo "test-base.sh: debootstrap bookworm into $work (takes minutes)" >&2
debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$work/root" "$mirror" >&2
# No package caches and lists in the image.
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
tar -C "$work/root" -c . | "$engine" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$name" >&2
echo "test-base.sh: imported $name" >&2
echo "$name"
