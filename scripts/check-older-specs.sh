#!/usr/bin/env bash
# CI gate: the customizations must not depend on a schema or tag existing. For every document in
# tests/Fixtures/older-specs (small documents with the structure of older servers' OpenAPI output, see
# the README there) this generates Stepflow.Api into a temporary folder and compiles the result with the
# customizations, templates and settings, as `scripts/generate.sh --from` would. Exits 1 naming every
# fixture that does not generate or compile. Nothing in the work tree is written. The 0.13 generation
# (Stepflow.Api.V013) is left out of these builds, which also shows that the customizations need none of it.
#
#   scripts/check-older-specs.sh [FIXTURE.json ...]    (default: every fixture)
#   CHECK_OLDER_SPECS_JOBS=N                           fixtures built at once (default: number of CPUs)
#   CHECK_OLDER_SPECS_FRAMEWORK=TFM                    the target framework compiled (default net8.0; empty: all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/src/Stepflow.Api/Stepflow.Api.csproj"

if [[ $# -gt 0 ]]; then
  fixtures=("$@")
else
  shopt -s nullglob
  fixtures=("$root"/tests/Fixtures/older-specs/*.json)
fi
[[ ${#fixtures[@]} -gt 0 ]] || { echo "check-older-specs: no fixtures found" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
jobs="${CHECK_OLDER_SPECS_JOBS:-$(nproc 2>/dev/null || echo 2)}"
start=$SECONDS

# Restore, and build the normalizer once: the fixture builds below then only ask for its path
# (BuildProjectReferences=false) instead of each building it, and racing, in the same folder.
if ! { dotnet restore "$project" -nologo -verbosity:quiet &&
       dotnet build "$root/tools/Stepflow.OpenApi.Normalizer/Stepflow.OpenApi.Normalizer.csproj" \
         --configuration Release --no-restore -nologo -verbosity:quiet; } >"$tmp/setup.log" 2>&1; then
  cat "$tmp/setup.log" >&2
  echo "check-older-specs: restoring or building the normalizer failed" >&2
  exit 1
fi

# One fixture: generate into $tmp/<name>/ and compile there (the build's bin/ and obj/ go there too,
# see Stepflow.Api.CodeGeneration.targets). Prints "ok <name>" or "FAILED <name>".
build_one() {
  local spec="$1" name out
  name="$(basename "$spec" .json)"
  out="$tmp/$name"
  mkdir -p "$out"
  if dotnet build "$project" --configuration Release --no-restore -nologo -verbosity:quiet $framework_args \
       -property:BuildProjectReferences=false -property:RunAnalyzers=false -property:EnableSourceLink=false \
       -property:StepflowSpec="$spec" -property:StepflowGeneratedDir="$out/" -property:StepflowGenerateV013=false >"$out.log" 2>&1; then
    echo "ok     $name"
  else
    echo "FAILED $name"
  fi
}
export -f build_one
# One target framework is enough to show whether a document's generated code fits the customizations
# (they compile for both in the main build); analyzers only look at the customizations, which the main
# build already checks, and at generated code they skip. Leaving both out halves the time.
framework_args="-property:TargetFramework=${CHECK_OLDER_SPECS_FRAMEWORK-net8.0}"
[[ -n "${CHECK_OLDER_SPECS_FRAMEWORK-net8.0}" ]] || framework_args=""
export tmp project framework_args

for spec in "${fixtures[@]}"; do
  [[ -f "$spec" ]] || { echo "check-older-specs: not a file: $spec" >&2; exit 1; }
  (cd "$(dirname "$spec")" && printf '%s\0' "$(pwd)/$(basename "$spec")")
done | xargs -0 -n 1 -P "$jobs" bash -c 'build_one "$0"' >"$tmp/results.txt"

sort -k2 "$tmp/results.txt" | sed 's/^/  /'
failed=()
while read -r state name; do
  [[ "$state" == ok ]] || failed+=("$name")
done <"$tmp/results.txt"

if [[ ${#failed[@]} -gt 0 ]]; then
  for name in "${failed[@]}"; do
    echo "--- $name: errors" >&2
    grep -E ': (error|warning) ' "$tmp/$name.log" | sed -E 's/ \[[^]]*\]$//' | sort -u | head -n 40 >&2 ||
      tail -n 40 "$tmp/$name.log" >&2
  done
  echo "check-older-specs: ${#failed[@]} of ${#fixtures[@]} fixtures do not generate or compile:" \
       "${failed[*]} (tests/Fixtures/older-specs)" >&2
  exit 1
fi
echo "check-older-specs: all ${#fixtures[@]} fixtures generate and compile ($((SECONDS - start)) s)"
