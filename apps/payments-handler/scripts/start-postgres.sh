#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 (a free port, a new temporary data directory) for the
# payments handler's tests and benchmark. Installs nothing: it needs the server binaries (Debian/Ubuntu:
# `apt-get install postgresql`; elsewhere `initdb` on PATH or PG_BIN=<bin dir>) and node.
#
# Prints the connection as `export` lines on stdout (progress goes to stderr):
#   eval "$(apps/payments-handler/scripts/start-postgres.sh)"
#   ... PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and PAYMENTS_PG_DIR are set ...
#   apps/payments-handler/scripts/stop-postgres.sh "$PAYMENTS_PG_DIR"
#
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (the Debian package
# creates it). By default the server trades durability for speed (fsync off); --durable keeps fsync on,
# which the benchmark uses so its figures include a real commit.
set -euo pipefail

durable=false
for arg in "$@"; do
  case "$arg" in
    --durable) durable=true ;;
    *) echo "usage: $0 [--durable]" >&2; exit 2 ;;
  esac
done

bin="${PG_BIN:-}"
if [[ -z "$bin" ]]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [[ -z "$bin" ]] && command -v initdb >/dev/null; then
  bin="$(dirname "$(command -v initdb)")"
fi
if [[ -z "$bin" || ! -x "$bin/initdb" || ! -x "$bin/pg_ctl" ]]; then
  echo "PostgreSQL server binaries not found: apt-get install postgresql (or set PG_BIN)" >&2
  exit 1
fi

as_server_user=()
if [[ "$(id -u)" == 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "running as root, but there is no 'postgres' user to run the server as" >&2
    exit 1
  fi
  as_server_user=(runuser -u postgres --)
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/payments-pg.XXXXXX")"
started=false
# On any failure, leave nothing behind: stop a server this script started and delete its directory.
cleanup() {
  if [[ "$started" == true ]]; then ${as_server_user[@]+"${as_server_user[@]}"} "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true; fi
  rm -rf "$dir"
}
trap cleanup ERR
# process.stdout.write, not console.log: FORCE_COLOR (set by Nx) would colour a logged number.
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})")"
password="$(node -e "process.stdout.write(require('crypto').randomBytes(18).toString('base64url'))")"
if [[ ! "$port" =~ ^[0-9]+$ || ! "$password" =~ ^[A-Za-z0-9_-]+$ ]]; then
  echo "could not pick a port and a password (node printed '$port')" >&2
  cleanup
  exit 1
fi
user=payments
database=payments

printf '%s\n' "$password" >"$dir/pwfile"
if [[ ${#as_server_user[@]} -gt 0 ]]; then chown -R postgres "$dir"; fi
chmod 700 "$dir"

${as_server_user[@]+"${as_server_user[@]}"} "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; cleanup; exit 1; }
rm -f "$dir/pwfile"

options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300"
if [[ "$durable" == false ]]; then
  options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
${as_server_user[@]+"${as_server_user[@]}"} "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 start >&2 ||
  { cat "$dir/server.log" >&2; cleanup; exit 1; }
started=true

PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2

cat <<EXPORTS
export PGHOST=127.0.0.1
export PGPORT=$port
export PGUSER=$user
export PGPASSWORD=$password
export PGDATABASE=$database
export PAYMENTS_PG_DIR=$dir
export PAYMENTS_PG_BIN=$bin
EXPORTS
