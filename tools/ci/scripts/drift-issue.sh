#!/usr/bin/env bash
# Keeps one GitHub issue per environment in step with its drift (.github/workflows/drift.yml), from what
# `nx run-many -t drift --env=<env>` wrote: dist/drift/<env>/summary.json and report.md.
#   drift:    opens the environment's issue (label drift-<env>) with the report, or updates the open one; exit 1
#   no drift: closes the open issue, saying so; exit 0
#   no summary (the check itself failed: no CLI, no credentials, a stack missing): touches no issue; exit 1
# Needs gh with GH_TOKEN (issues: write) and GH_REPO; RUN_URL links the run. Run from the workspace root.
set -euo pipefail

env="${1:?usage: drift-issue.sh <env>}"
dir="dist/drift/$env"
label="drift-$env"
run_link="${RUN_URL:+ ([drift run]($RUN_URL))}"

if [ ! -f "$dir/summary.json" ] || [ ! -f "$dir/report.md" ]; then
  echo "::error::The drift check of $env did not finish (no $dir/summary.json): its error is in the drift step above. The drift issue is left as it is."
  exit 1
fi

drifted="$(node -e 'const s = require(process.argv[1]); process.stdout.write(s.drifted.join(", "))' "$PWD/$dir/summary.json")"
open="$(gh issue list --label "$label" --state open --json number --jq '.[0].number // empty')"

if [ -n "$drifted" ]; then
  body="$(mktemp)"
  { cat "$dir/report.md"; printf '\nLast checked by the drift workflow%s.\n' "$run_link"; } > "$body"
  if [ -n "$open" ]; then
    gh issue edit "$open" --body-file "$body" > /dev/null
    echo "Updated the drift issue of $env: #$open"
  else
    gh label create "$label" --color d93f0b --description "The $env stacks differ from their code" --force > /dev/null
    gh issue create --title "Drift in $env" --label "$label" --body-file "$body"
  fi
  echo "::error::Drift in $env: $drifted."
  exit 1
fi

if [ -n "$open" ]; then
  gh issue close "$open" --comment "No drift in $env any more: every stack matches its code$run_link." > /dev/null
  echo "Closed the drift issue of $env: #$open"
else
  echo "No drift in $env."
fi
