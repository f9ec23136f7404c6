#!/usr/bin/env bash
# CI gate: regenerates Stepflow.Api into a temporary folder, both generations (schemas/openapi.json into
# Generated/, schemas/openapi-0.13.yaml into Generated/V013/), and compares the result with the committed
# files. Exits 1 naming every stale file when they differ; run scripts/generate.sh and commit to fix.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
committed="$root/src/Stepflow.Api/Generated"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if ! dotnet msbuild "$root/src/Stepflow.Api/Stepflow.Api.csproj" -restore -nologo -verbosity:quiet \
      -target:StepflowRegenerate -property:StepflowGeneratedDir="$tmp/" >"$tmp.log" 2>&1; then
  cat "$tmp.log" >&2
  rm -f "$tmp.log"
  echo "check-generated: regeneration failed" >&2
  exit 1
fi
rm -f "$tmp.log"

stale=()
while IFS= read -r name; do
  if [[ ! -f "$committed/$name" ]]; then
    stale+=("src/Stepflow.Api/Generated/$name (missing)")
  elif ! cmp -s "$tmp/$name" "$committed/$name"; then
    stale+=("src/Stepflow.Api/Generated/$name")
  fi
done < <(cd "$tmp" && find . -type f | sed 's|^\./||' | sort)
while IFS= read -r name; do
  [[ -f "$tmp/$name" ]] || stale+=("src/Stepflow.Api/Generated/$name (no longer generated)")
done < <(cd "$committed" && find . -type f | sed 's|^\./||' | sort)

if [[ ${#stale[@]} -gt 0 ]]; then
  echo "check-generated: generated code is stale; run scripts/generate.sh and commit:" >&2
  printf '  %s\n' "${stale[@]}" >&2
  exit 1
fi
echo "check-generated: generated code is up to date"
