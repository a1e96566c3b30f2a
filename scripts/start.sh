#!/usr/bin/env bash
# `npm start`: the whole service on this machine. Installs what is missing, starts the real Kafka broker,
# checks Postgres and Redis, migrates, builds, starts every app, prints the URLs, and stops what it started
# on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN_DIR="$ROOT/.run"
mkdir -p "$RUN_DIR"

export NODE_ENV="${NODE_ENV:-development}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/front_door}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"

say() { printf '\033[1m[front-door]\033[0m %s\n' "$*"; }

if [ ! -d node_modules ]; then
  say "Installing dependencies (npm install, which follows package-lock.json)..."
  npm install --no-audit --no-fund
fi

# Kafka: reuse a broker that is already up; otherwise start ours (and stop it again on exit).
started_kafka=0
if [ "$KAFKA_BROKERS" = "127.0.0.1:9092" ]; then
  if ! bash scripts/kafka.sh status >/dev/null 2>&1; then started_kafka=1; fi
  bash scripts/kafka.sh start
fi

pg_host=$(node -e 'const u=new URL(process.env.DATABASE_URL);console.log(u.hostname+" "+(u.port||5432))')
redis_host=$(node -e 'const u=new URL(process.env.REDIS_URL);console.log(u.hostname+" "+(u.port||6379))')
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
if ! port_open $pg_host; then
  say "Postgres does not answer at ${pg_host/ /:}. Start it with:"
  say "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
  exit 1
fi
if ! port_open $redis_host; then
  say "Redis does not answer at ${redis_host/ /:}. Start it with:"
  say "  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no"
  exit 1
fi

say "Migrating the database..."
npm run --silent migrate
say "Building..."
npm run --silent build >/dev/null

pids=()
stop_all() {
  local code=$?
  trap - INT TERM HUP EXIT
  say "Stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$started_kafka" = 1 ]; then bash scripts/kafka.sh stop || true; fi
  say "Stopped."
  exit "$code"
}
trap stop_all INT TERM HUP EXIT

for app in intake-api triage desk alerts insights; do
  main="dist/apps/$app/src/main.js"
  [ -f "$main" ] || continue
  node "$main" >>"$RUN_DIR/$app.log" 2>&1 &
  pids+=($!)
done

wait_ready() { # name port
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$2/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  say "$1 did not become ready; see $RUN_DIR/$1.log"
  return 1
}
wait_ready intake-api "${INTAKE_PORT:-3000}"
wait_ready triage "${TRIAGE_PORT:-3002}"
[ -f dist/apps/desk/src/main.js ] && wait_ready desk "${DESK_PORT:-3001}"
[ -f dist/apps/alerts/src/main.js ] && wait_ready alerts "${ALERTS_PORT:-3003}"
[ -f dist/apps/insights/src/main.js ] && wait_ready insights "${INSIGHTS_PORT:-3004}"

if [ "$NODE_ENV" = "development" ]; then
  node dist/apps/intake-api/src/cli/dev-seed.js || true
  node dist/apps/desk/src/cli/dev-seed.js || true
  # Demo history for the dashboards, once: 120 days of an invented county, imported in the background.
  if [ ! -f "$RUN_DIR/demo-imported" ] && [ -f dist/apps/insights/src/cli/demo-data.js ]; then
    ( node dist/apps/insights/src/cli/demo-data.js --days 120 --out "$RUN_DIR/demo.ndjson" \
        && node dist/apps/insights/src/cli/import.cli.js "$RUN_DIR/demo.ndjson" \
        && touch "$RUN_DIR/demo-imported" ) >"$RUN_DIR/demo-import.log" 2>&1 &
    say "Importing 120 days of demo history for the dashboards in the background (log: $RUN_DIR/demo-import.log)."
  fi
fi

say "Front door is up (logs in $RUN_DIR/):"
say "  Partner API      http://127.0.0.1:${INTAKE_PORT:-3000}/v1/contacts   (OpenAPI: http://127.0.0.1:${INTAKE_PORT:-3000}/docs-json)"
[ -f dist/apps/desk/src/main.js ] && say "  Duty desk + UI   http://127.0.0.1:${DESK_PORT:-3001}/                (staff API under /v1/, OpenAPI: /docs-json)"
say "  Triage health    http://127.0.0.1:${TRIAGE_PORT:-3002}/health/ready"
[ -f dist/apps/alerts/src/main.js ] && say "  Alerts health    http://127.0.0.1:${ALERTS_PORT:-3003}/health/ready"
[ -f dist/apps/insights/src/main.js ] && say "  Insights health  http://127.0.0.1:${INSIGHTS_PORT:-3004}/health/ready"
say "  Kafka            $KAFKA_BROKERS (log: $(bash scripts/kafka.sh logs 2>/dev/null || echo n/a))"
say "Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
say "An app exited; see the logs in $RUN_DIR/. Stopping the others."
exit 1
