#!/usr/bin/env bash
# Rewrites the public API listings (PublicAPI.Unshipped.txt) of the packages that keep one, from the code as it is.
# Run it after a deliberate change to a public surface and commit the listing with the change; the build fails
# (RS0016/RS0017) while code and listing disagree. Takes about a minute per project.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for project in "$root"/src/*/; do
  [[ -f "$project/PublicAPI.Shipped.txt" ]] || continue
  csproj="$(ls "$project"*.csproj)"
  echo "update-public-api: $(basename "$csproj")"
  printf '#nullable enable\n' > "$project/PublicAPI.Unshipped.txt"
  # RS0016 adds what the listing lacks; RS0017 (symbols listed but gone) cannot remain after the reset above.
  dotnet format analyzers "$csproj" --diagnostics RS0016 --severity info --verbosity quiet
  # Keep a stable order, so a diff shows only what changed.
  { head -n 1 "$project/PublicAPI.Unshipped.txt"; tail -n +2 "$project/PublicAPI.Unshipped.txt" | LC_ALL=C sort -u; } > "$project/PublicAPI.Unshipped.txt.tmp"
  mv "$project/PublicAPI.Unshipped.txt.tmp" "$project/PublicAPI.Unshipped.txt"
done
