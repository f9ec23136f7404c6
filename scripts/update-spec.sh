#!/usr/bin/env bash
# Takes a new server document into schemas/ and regenerates Stepflow.Api.
#
#   scripts/update-spec.sh [SERVER_URL]
#       0.11 line: fetches {SERVER_URL}/api/v1/openapi.json from a running server (default
#       http://localhost:7840) into schemas/openapi.json, in the repository's stable form.
#   scripts/update-spec.sh --generation 0.13 FILE|URL
#       0.12/0.13 line (these servers publish no document at runtime): takes a release's
#       schemas/openapi.yaml, from a file or an http(s) URL, into schemas/openapi-0.13.yaml.
#       When its API facts equal those of the current file (scripts/compare-spec-facts.py), the
#       current file, with the descriptions in our words, is kept and nothing changes. Otherwise the
#       new document replaces it as published: rewrite its descriptions in our words, then check with
#       scripts/compare-spec-facts.py schemas/openapi-0.13.yaml FILE (the downloaded copy is kept and named).
#
# Review the diff afterwards, and the regenerated code.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: scripts/update-spec.sh [SERVER_URL] | scripts/update-spec.sh --generation 0.13 FILE|URL"

generation=0.11
if [[ "${1:-}" == "--generation" ]]; then
  [[ $# -eq 3 ]] || { echo "$usage" >&2; exit 2; }
  generation="$2"
  shift 2
fi
case "${1:-}" in -h|--help) echo "$usage"; exit 0 ;; esac

case "$generation" in
  0.11)
    server="${1:-http://localhost:7840}"
    dotnet run --project "$root/tools/Stepflow.OpenApi.Normalizer" --verbosity quiet -- \
      fetch "$server" "$root/schemas/openapi.json"
    ;;
  0.12|0.13)
    source="$1"
    target="$root/schemas/openapi-0.13.yaml"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    upstream="$work/openapi.yaml"
    case "$source" in
      http://*|https://*) curl --fail --silent --show-error --location --max-time 60 --output "$upstream" "$source" ;;
      *) [[ -f "$source" ]] || { echo "error: not a file: $source" >&2; exit 1; }; cp "$source" "$upstream" ;;
    esac
    # It must be an OpenAPI 3.0 document: the normalizer reads it (and fails on anything else).
    dotnet run --project "$root/tools/Stepflow.OpenApi.Normalizer" --verbosity quiet -- \
      normalize "$upstream" "$work/check.json" --protobuf-rest "$root/src/Stepflow.Api/CodeGeneration/V013/wire-facts.json" >/dev/null
    grep -q '^openapi: *3\.0' "$upstream" || { echo "error: $source is not an OpenAPI 3.0 YAML document" >&2; exit 1; }
    if [[ -f "$target" ]] && python3 "$root/scripts/compare-spec-facts.py" --facts-only "$target" "$upstream" >"$work/compare.txt" 2>&1; then
      echo "update-spec: $source has the API facts of schemas/openapi-0.13.yaml; kept it unchanged"
    else
      [[ -f "$target" ]] && sed 's/^/  /' "$work/compare.txt"
      cp "$upstream" "$target"
      keep="$root/schemas/.upstream-openapi-0.13.yaml"
      cp "$upstream" "$keep"
      echo "update-spec: schemas/openapi-0.13.yaml replaced by $source as published."
      echo "  Rewrite its descriptions in our words, then run"
      echo "  scripts/compare-spec-facts.py schemas/openapi-0.13.yaml ${keep#"$root/"} and delete that copy."
    fi
    ;;
  *) echo "error: unknown generation $generation ($usage)" >&2; exit 2 ;;
esac
"$root/scripts/generate.sh"
