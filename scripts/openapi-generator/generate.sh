#!/usr/bin/env bash
# Generates a client from an OpenAPI document with OpenAPI Generator (a generator this project does not
# use for its own SDK), as a partner's integrator would:
#
#   scripts/openapi-generator/generate.sh <document.json> <output dir> [generator, default typescript-fetch]
#
# The CLI jar comes from Maven Central (scripts/openapi-generator/pom.xml) and is cached outside the
# repository, in ${FRONT_DOOR_CACHE:-$HOME/.cache/front-door}/openapi-generator-<version>/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${OPENAPI_GENERATOR_VERSION:-7.14.0}"
cache="${FRONT_DOOR_CACHE:-$HOME/.cache/front-door}/openapi-generator-${version}"
jar="$cache/openapi-generator-cli.jar"
if [[ ! -s "$jar" ]]; then
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.fetch.XXXXXX")"
  mvn -q -f "$here/pom.xml" dependency:copy -Dopenapi-generator.version="$version" -DoutputDirectory="$tmp" >&2
  mv "$tmp/openapi-generator-cli.jar" "$jar"
  rmdir "$tmp"
fi
java -jar "$jar" generate -i "$1" -g "${3:-typescript-fetch}" -o "$2" \
  --additional-properties=supportsES6=true >/dev/null
