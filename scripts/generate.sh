#!/usr/bin/env bash
# Regenerates src/Stepflow.Api/Generated from schemas/openapi.json (or from --from PATH, which leaves
# schemas/openapi.json untouched). A plain `dotnet build` does the same whenever the spec changed;
# this script forces it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

spec="$root/schemas/openapi.json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from)
      [[ $# -ge 2 ]] || { echo "usage: scripts/generate.sh [--from PATH]" >&2; exit 2; }
      spec="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
      shift 2 ;;
    -h|--help) echo "usage: scripts/generate.sh [--from PATH]"; exit 0 ;;
    *) echo "unknown argument: $1 (usage: scripts/generate.sh [--from PATH])" >&2; exit 2 ;;
  esac
done
[[ -f "$spec" ]] || { echo "error: OpenAPI document not found: $spec" >&2; exit 1; }

dotnet msbuild "$root/src/Stepflow.Api/Stepflow.Api.csproj" -restore -nologo -verbosity:minimal \
  -target:StepflowRegenerate -property:StepflowSpec="$spec"
echo "Generated src/Stepflow.Api/Generated from ${spec#"$root/"}"
