#!/usr/bin/env bash
# Dependency audit for CI: fails on a high or critical advisory in what the service runs (dev tools
# excluded). Where the registry has no audit endpoint (this machine's mirror answers 405), the audit cannot
# run: that is said loudly and the step does not pass silently as "no advisories" (AUDIT_REQUIRED=1 makes it
# fail instead, for pipelines that reach the public registry).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(npm audit --omit=dev --audit-level=high 2>&1)
status=$?
echo "$out" | tail -20
if [ $status -eq 0 ]; then
  echo "[audit] no high or critical advisory"
  exit 0
fi
if echo "$out" | grep -q "audit endpoint returned an error"; then
  echo "[audit] WARNING: the registry's audit endpoint did not answer: dependencies NOT audited in this run"
  [ "${AUDIT_REQUIRED:-0}" = "1" ] && exit 1
  exit 0
fi
echo "[audit] high or critical advisories found"
exit 1
