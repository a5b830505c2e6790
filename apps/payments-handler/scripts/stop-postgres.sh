#!/usr/bin/env bash
# Stops a server started by start-postgres.sh and deletes its data directory: its supervisor does both on
# SIGTERM (the directory goes last). If the supervisor is gone, stops the server itself.
#   apps/payments-handler/scripts/stop-postgres.sh "$PAYMENTS_PG_DIR"
set -euo pipefail

dir="${1:-${PAYMENTS_PG_DIR:-}}"
if [[ -z "$dir" || ! -f "$dir/supervisor.pid" ]]; then
  echo "usage: $0 <directory printed by start-postgres.sh as PAYMENTS_PG_DIR>" >&2
  exit 2
fi
gone() {
  for _ in $(seq 1 "$1"); do
    [[ -d "$dir" ]] || return 0
    sleep 0.1
  done
  return 1
}

kill -TERM "$(cat "$dir/supervisor.pid")" 2>/dev/null || true
if gone 100; then exit 0; fi
# No supervisor to do it (killed): a fast shutdown of the server, then the directory.
postmaster="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
if [[ -n "$postmaster" ]] && kill -INT "$postmaster" 2>/dev/null; then
  # The server deletes its pid file last when it shuts down.
  for _ in $(seq 1 100); do
    [[ -f "$dir/data/postmaster.pid" ]] || break
    sleep 0.1
  done
fi
rm -rf "$dir"
