#!/usr/bin/env bash
# The README's test command: unit, integration and end-to-end suites in one jest run, against the real
# Kafka (started by the test harness if it is not running), Postgres and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
export TZ=UTC
if [ "$#" -eq 0 ]; then
  set -- --selectProjects unit integration
fi
# Two workers on two cores: the broker and Postgres need the rest.
exec npx jest --maxWorkers=2 "$@"
