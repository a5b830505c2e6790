#!/usr/bin/env bash
# Stops a server started by start-postgres.sh and deletes its data directory.
#   apps/payments-handler/scripts/stop-postgres.sh "$PAYMENTS_PG_DIR"
set -euo pipefail

dir="${1:-${PAYMENTS_PG_DIR:-}}"
if [[ -z "$dir" || ! -d "$dir/data" ]]; then
  echo "usage: $0 <data dir printed by start-postgres.sh as PAYMENTS_PG_DIR>" >&2
  exit 2
fi
bin="${PAYMENTS_PG_BIN:-${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}}"
if [[ -z "$bin" ]] && command -v pg_ctl >/dev/null; then bin="$(dirname "$(command -v pg_ctl)")"; fi

as_server_user=()
if [[ "$(id -u)" == 0 ]]; then as_server_user=(runuser -u postgres --); fi

${as_server_user[@]+"${as_server_user[@]}"} "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
rm -rf "$dir"
