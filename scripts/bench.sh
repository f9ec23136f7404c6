#!/usr/bin/env bash
# Runs the benchmark suite (benchmarks/Stepflow.Benchmarks), copies BenchmarkDotNet's GitHub-markdown
# tables to benchmarks/results/ and puts them, with the machine they ran on, into benchmarks/README.md.
# Never part of CI (.ci/run only builds the project, as part of the solution).
#
# usage: scripts/bench.sh [--quick] [--filter GLOB]...
#   --quick   short jobs, benchmarks in this process (InProcess toolchain): under 5 minutes on 2 cores
#   --filter  only the benchmarks whose Type.Method matches (BenchmarkDotNet glob); may repeat.
#             A filtered run leaves benchmarks/results and the README alone and skips the 30 s wait check.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=false
filters=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true; shift ;;
    --filter)
      [[ $# -ge 2 ]] || { echo "usage: scripts/bench.sh [--quick] [--filter GLOB]..." >&2; exit 2; }
      filters+=(--filter "$2"); shift 2 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (usage: scripts/bench.sh [--quick] [--filter GLOB]...)" >&2; exit 2 ;;
  esac
done

project="$root/benchmarks/Stepflow.Benchmarks"
artifacts="$root/benchmarks/BenchmarkDotNet.Artifacts"
results="$root/benchmarks/results"
readme="$root/benchmarks/README.md"
started=$(date +%s)

echo "== build (Release)"
dotnet build "$project/Stepflow.Benchmarks.csproj" --configuration Release -nologo -verbosity:quiet
dll="$project/bin/Release/net10.0/Stepflow.Benchmarks.dll"

rm -rf "$artifacts/results"
args=(--artifacts "$artifacts")
if $quick; then args+=(--quick --inprocess); fi
echo "== benchmarks ($($quick && echo quick || echo full))"
dotnet "$dll" "${args[@]}" "${filters[@]}"

if [[ ${#filters[@]} -gt 0 ]]; then
  echo "filtered run: reports left in $artifacts/results; benchmarks/results and the README unchanged"
  exit 0
fi

echo "== wait check: a run of 30 s, long poll vs polling every second"
wait_check="$(dotnet "$dll" --wait-check 30)"
echo "$wait_check"

echo "== results -> benchmarks/results"
mkdir -p "$results"
rm -f "$results"/*.md "$results"/*.txt
shopt -s nullglob
reports=("$artifacts"/results/*-report-github.md)
[[ ${#reports[@]} -gt 0 ]] || { echo "no reports were written" >&2; exit 1; }
# Stepflow.Benchmarks.Cases.GetRunBenchmarks-report-github.md -> GetRunBenchmarks.md, in run order.
order=(GetRunBenchmarks GetRun013Benchmarks ClientOverheadBenchmarks CreateRunBenchmarks CreateRun013Benchmarks GetRunItemsBenchmarks GetRunItems013Benchmarks EventStreamBenchmarks EventStream013Benchmarks WaitBenchmarks)
for report in "${reports[@]}"; do
  name="$(basename "$report" -report-github.md)"
  cp "$report" "$results/${name##*.}.md"
done
mode="$($quick && echo "quick (\`scripts/bench.sh --quick\`)" || echo "full (\`scripts/bench.sh\`)")"
{
  echo "$wait_check"
} > "$results/wait-check-30s.txt"

echo "== tables -> benchmarks/README.md"
section="$(mktemp)"
trap 'rm -f "$section"' EXIT
{
  echo "Mode: $mode, run $(date -u +%Y-%m-%d) in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s (build and wait check included)."
  echo
  echo "Machine (BenchmarkDotNet's environment header):"
  echo
  echo '```'
  # A report opens with a fenced block: environment lines, a blank line, the job's settings.
  awk '/^```/{n++; next} n==1 && NF==0 {if (seen) part++; next} n==1 {seen=1; if (!part) print}' "${reports[0]}"
  echo '```'
  for name in "${order[@]}"; do
    file="$results/$name.md"
    [[ -f "$file" ]] || continue
    echo
    echo "### $name"
    echo
    # The job's settings on one line, then the table.
    job="$(awk '/^```/{n++; next} n==1 && NF==0 {if (seen) part++; next} n==1 {seen=1; if (part) printf "%s ", $0}' "$file" | tr -s ' ')"
    echo "Job: \`${job% }\`"
    echo
    awk '/^```/{n++; next} n>=2 && NF {print}' "$file"
  done
  echo
  echo "### Wait check (\`--wait-check 30\`)"
  echo
  echo '```'
  echo "$wait_check"
  echo '```'
} > "$section"
awk -v section="$section" '
  /<!-- results:start -->/ { print; while ((getline line < section) > 0) print line; skip=1; next }
  /<!-- results:end -->/ { skip=0 }
  !skip { print }
' "$readme" > "$readme.tmp" && mv "$readme.tmp" "$readme"
echo "done in $(( $(date +%s) - started )) s"
