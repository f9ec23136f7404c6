#!/usr/bin/env bash
# Regenerates src/Stepflow.Api/Generated (from schemas/openapi.json, namespace Stepflow.Api) and
# src/Stepflow.Api/Generated/V013 (from schemas/openapi-0.13.yaml, namespace Stepflow.Api.V013).
# --from PATH generates the 0.11 code from another document and --from-0.13 PATH the 0.13 code; neither
# touches the files in schemas/. A plain `dotnet build` does the same whenever a spec changed; this script
# forces it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: scripts/generate.sh [--from PATH] [--from-0.13 PATH]"

absolute() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
spec="$root/schemas/openapi.json"
spec013="$root/schemas/openapi-0.13.yaml"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from)
      [[ $# -ge 2 ]] || { echo "$usage" >&2; exit 2; }
      spec="$(absolute "$2")"
      shift 2 ;;
    --from-0.13)
      [[ $# -ge 2 ]] || { echo "$usage" >&2; exit 2; }
      spec013="$(absolute "$2")"
      shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "unknown argument: $1 ($usage)" >&2; exit 2 ;;
  esac
done
for file in "$spec" "$spec013"; do
  [[ -f "$file" ]] || { echo "error: OpenAPI document not found: $file" >&2; exit 1; }
done

dotnet msbuild "$root/src/Stepflow.Api/Stepflow.Api.csproj" -restore -nologo -verbosity:minimal \
  -target:StepflowRegenerate -property:StepflowSpec="$spec" -property:StepflowSpec013="$spec013"
echo "Generated src/Stepflow.Api/Generated from ${spec#"$root/"} and src/Stepflow.Api/Generated/V013 from ${spec013#"$root/"}"
