#!/usr/bin/env bash
# `npm test`: every typecheck, lint, unit test and end-to-end suite, as two Nx runs side by side. One Nx run would
# start the end-to-end suites (minutes each) last: it orders tasks by how many projects depend on theirs, so the
# tools' suites wait behind every package's checks and the run ends on three long suites. Here they start at once,
# and the short checks, at a lower CPU priority, fill the cores they leave. Arguments go to both runs.
set -uo pipefail
cd "$(dirname "$0")/../../.."
nx=node_modules/.bin/nx

"$nx" run-many -t e2e --parallel=5 --outputStyle=static "$@" &
e2e=$!
nice -n 10 "$nx" run-many -t typecheck lint test --outputStyle=static "$@"
checks=$?
wait "$e2e"
suites=$?
if [ "$checks" -ne 0 ] || [ "$suites" -ne 0 ]; then
  echo "npm test: failed (typecheck/lint/test exit $checks, e2e exit $suites)" >&2
  exit 1
fi
