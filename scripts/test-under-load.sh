#!/usr/bin/env bash
# Runs `npm test` while one busy process per core competes for the CPU, as another job on a shared
# CI machine would: the suite must pass like that (waits end on events; deadlines scale with
# TSGUN_TEST_TIME_SCALE if set). The busy processes are bounded in time and stopped on exit.
set -euo pipefail
cores=$(nproc)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
for _ in $(seq "$cores"); do
  timeout 1800 sh -c 'while :; do :; done' &
  pids+=("$!")
done
echo "test-under-load: $cores busy processes started (pids ${pids[*]})" >&2
npm test
