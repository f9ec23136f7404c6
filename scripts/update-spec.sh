#!/usr/bin/env bash
# Fetches the OpenAPI document from a running Stepflow server (default http://localhost:7840),
# stores it as schemas/openapi.json in the repository's stable form, and regenerates Stepflow.Api.
# Review the diff afterwards: our descriptions are replaced by the server's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server="${1:-http://localhost:7840}"
case "$server" in -h|--help) echo "usage: scripts/update-spec.sh [SERVER_URL]"; exit 0 ;; esac

dotnet run --project "$root/tools/Stepflow.OpenApi.Normalizer" --verbosity quiet -- \
  fetch "$server" "$root/schemas/openapi.json"
"$root/scripts/generate.sh"
