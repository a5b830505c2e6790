#!/usr/bin/env bash
# Posts the synth diff of a pull request as one comment, replacing the one posted before (found by its marker),
# from the workflow_run job of .github/workflows/pr-comment.yml, which may write to pull requests. Everything in
# <artifact dir> was made by the pull request's own code, in the pull_request run: it is data, never run. The PR
# number must be digits and name a pull request whose head is the commit that run tested (HEAD_SHA).
#   <artifact dir>/pr-number, <artifact dir>/<env>/diff.md (nx run synth:diff --env=<env>), for staging and prod
# Needs gh with GH_TOKEN (pull-requests: write) and GH_REPO; RUN_URL links the pull request's run.
set -euo pipefail

dir="${1:?usage: pr-comment.sh <artifact dir>}"
: "${GH_REPO:?GH_REPO must name the repository (owner/name)}"
: "${HEAD_SHA:?HEAD_SHA must be the commit the pull request run tested}"
marker='<!-- payments-synth-diff -->'
# GitHub refuses a comment body over 65,536 characters.
limit=65000

number="$(tr -d '[:space:]' < "$dir/pr-number" 2> /dev/null || true)"
if ! [[ "$number" =~ ^[0-9]{1,9}$ ]]; then
  echo "::error::The artifact's pr-number is not a pull request number: not commenting."
  exit 1
fi
head="$(gh api "repos/$GH_REPO/pulls/$number" --jq .head.sha)"
if [ "$head" != "$HEAD_SHA" ]; then
  echo "::error::Pull request #$number is at ${head:-nothing}, not at $HEAD_SHA, which the run tested: not commenting."
  exit 1
fi

body="$(mktemp)"
{
  echo "$marker"
  echo "## What this pull request changes in staging and prod"
  echo
  for env in staging prod; do
    if [ -f "$dir/$env/diff.md" ]; then
      cat "$dir/$env/diff.md"
    else
      printf '### synth diff: %s\n\nNot available: `nx run synth:diff --env=%s` failed; its error is in the run%s.\n' \
        "$env" "$env" "${RUN_URL:+ ($RUN_URL)}"
    fi
    echo
  done
  echo "<sub>\`nx run synth:diff\` of this pull request against its merge base with main: offline, no cloud read." \
    "Updated on every push${RUN_URL:+ ([run]($RUN_URL))}.</sub>"
} > "$body"
if [ "$(wc -c < "$body")" -gt "$limit" ]; then
  head -c "$((limit - 200))" "$body" > "$body.cut"
  printf '\n\n… cut at GitHub'\''s comment limit: the whole diff is in the run'\''s synth-diff artifact.\n' >> "$body.cut"
  mv "$body.cut" "$body"
fi

existing="$(gh api "repos/$GH_REPO/issues/$number/comments" --paginate \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .id" | head -n 1)"
if [ -n "$existing" ]; then
  gh api -X PATCH "repos/$GH_REPO/issues/comments/$existing" -F "body=@$body" > /dev/null
  echo "Updated the synth diff comment on #$number"
else
  gh api "repos/$GH_REPO/issues/$number/comments" -F "body=@$body" > /dev/null
  echo "Commented the synth diff on #$number"
fi
