#!/bin/sh
# Builds the RadBridge image localhost/radbridge:latest and localhost/radbridge:<version> with podman or docker
# (whichever is installed; CONTAINER_ENGINE picks one). The jar is built outside the image:
# `mvn -B -q -DskipTests package` when target/radbridge.jar is missing or older than the sources
# (RADBRIDGE_SKIP_PACKAGE=1 uses it as it is). The CycloneDX SBOM of the package lands in the image
# (/opt/radbridge/sbom.cdx.json) and beside it: target/radbridge-image-<version>.cdx.json.
# Environment:
#   RADBRIDGE_BASE_IMAGE     base with a Java 17 runtime (default docker.io/library/eclipse-temurin:17-jre;
#                            without a registry: RADBRIDGE_BASE_IMAGE=$(docker/test-base.sh | tail -n 1))
#   RADBRIDGE_IMAGE          repository name (default localhost/radbridge)
#   RADBRIDGE_IMAGE_LICENSE  SPDX licence for the OCI label (default Apache-2.0, the project's LICENSE)
#   RADBRIDGE_BUILD_NETWORK  build network for podman (default: none when the base is local, else the engine's)
# Progress goes to stderr; stdout's last line is the versioned image name.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  if command -v podman >/dev/null 2>&1; then engine=podman
  elif command -v docker >/dev/null 2>&1; then engine=docker
  else echo "build-image.sh: neither podman nor docker is installed" >&2; exit 2; fi
fi
base="${RADBRIDGE_BASE_IMAGE:-docker.io/library/eclipse-temurin:17-jre}"
repo="${RADBRIDGE_IMAGE:-localhost/radbridge}"
# the project's own <version> (the first one after <artifactId>radbridge</artifactId>)
version="$(sed -n '/<artifactId>radbridge<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
[ -n "$version" ] || { echo "build-image.sh: no <version> in pom.xml" >&2; exit 2; }
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then revision="$revision-dirty"; fi
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

jar="$root/target/radbridge.jar"
sbom="$root/target/radbridge-sbom.json"
if [ "${RADBRIDGE_SKIP_PACKAGE:-0}" != 1 ]; then
  if [ ! -f "$jar" ] || [ ! -f "$sbom" ] || [ -n "$(find "$root/pom.xml" "$root/src/main" "$root/routes" "$root/mappings" -newer "$jar" -print 2>/dev/null | head -n 1)" ]; then
    echo "build-image.sh: mvn -B -q -DskipTests package" >&2
    (cd "$root" && mvn -B -q -DskipTests package) >&2
  fi
fi
for f in "$jar" "$root/target/lib" "$sbom"; do
  [ -e "$f" ] || { echo "build-image.sh: $f is missing (mvn -B -DskipTests package)" >&2; exit 2; }
done

ctx="$(mktemp -d "${TMPDIR:-/tmp}/radbridge-image.XXXXXX")"
trap 'rm -rf "$ctx"' EXIT INT TERM
cp "$jar" "$ctx/radbridge.jar"
cp "$sbom" "$ctx/sbom.cdx.json"
cp -R "$root/target/lib" "$ctx/lib"
cp -R "$root/routes" "$ctx/routes"
cp -R "$root/mappings" "$ctx/mappings"
cp "$root/docker/Dockerfile" "$ctx/Dockerfile"

set -- build -f "$ctx/Dockerfile" \
  --build-arg "BASE_IMAGE=$base" --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
  --build-arg "CREATED=$created" --build-arg "LICENSE=${RADBRIDGE_IMAGE_LICENSE:-Apache-2.0}" \
  -t "$repo:$version" -t "$repo:latest"
if [ "$engine" = podman ]; then
  # HEALTHCHECK is kept only in the docker image format; a base already on this machine needs no network
  set -- "$@" --format docker
  net="${RADBRIDGE_BUILD_NETWORK:-}"
  if [ -z "$net" ] && podman image exists "$base" 2>/dev/null; then net=none; fi
  if [ -n "$net" ]; then set -- "$@" --network="$net" --pull=never; fi
fi
echo "build-image.sh: $engine build FROM $base -> $repo:$version, $repo:latest" >&2
"$engine" "$@" "$ctx" >&2
cp "$sbom" "$root/target/radbridge-image-$version.cdx.json"
echo "build-image.sh: SBOM target/radbridge-image-$version.cdx.json" >&2
echo "$repo:$version"
