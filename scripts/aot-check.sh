#!/usr/bin/env bash
# Native AOT check (issue 13), run by .ci/run: publishes samples/Stepflow.AotConsumer with PublishAot=true, fails on
# any trim or AOT warning, then runs the native executable against a local server (the fake stepflow-server binary
# from tests/Stepflow.FakeServerBinary) answering as 0.13 and as 0.11, and checks its output and exit code. Prints the
# executable's size and its start-up time (median of 5 runs of `--startup`), the figures in benchmarks/README.md.
# Installs the native toolchain (Debian's clang and zlib1g-dev) when it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. The native toolchain: a clang (any version Debian ships) and the zlib headers the runtime links against.
find_clang() {
  local candidate
  for candidate in clang clang-{20..14}; do
    if command -v "$candidate" >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
compiler="$(find_clang || true)"
if [[ -z "$compiler" || ! -e /usr/include/zlib.h ]]; then
  echo "== installing the native AOT toolchain (clang, zlib1g-dev)"
  sudo_cmd=()
  [[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq clang zlib1g-dev >/dev/null
  compiler="$(find_clang)"
fi
echo "== native toolchain: $(command -v "$compiler")"

# 2. Publish. ILCompiler's warnings (IL2xxx trimming, IL3xxx AOT) are not compiler warnings, so count them here.
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
out="$work/publish"
echo "== publishing samples/Stepflow.AotConsumer for $rid with native AOT"
if ! dotnet publish samples/Stepflow.AotConsumer -c Release -r "$rid" -o "$out" \
     -p:CppCompilerAndLinker="$compiler" >"$work/publish.log" 2>&1; then
  cat "$work/publish.log"
  echo "aot-check: the native AOT publish failed" >&2
  exit 1
fi
if grep -E "warning (IL[0-9]{4}|SYSLIB)" "$work/publish.log" | sort -u | grep .; then
  echo "aot-check: the native AOT publish reported trim or AOT warnings (above)" >&2
  exit 1
fi
exe="$out/Stepflow.AotConsumer"
[[ -x "$exe" ]] || { echo "aot-check: no native executable at $exe" >&2; exit 1; }

# 3. The server: the fake stepflow-server binary (JIT, a test double serving the API like the real one).
fake="$PWD/tests/Stepflow.FakeServerBinary/bin/Release/net10.0/Stepflow.FakeServerBinary"
if [[ ! -x "$fake" ]]; then
  echo "== building the fake server binary"
  dotnet build tests/Stepflow.FakeServerBinary -c Release >"$work/fake.log" 2>&1 || { cat "$work/fake.log"; exit 1; }
fi

# 4. Run it against both API generations.
status=0
for generation in 0.13 0.11; do
  echo "== the native consumer against a local server answering as $generation"
  log="$work/run-$generation.log"
  if ! STEPFLOW_DEV_BINARY="$fake" FAKE_STEPFLOW_EMULATION="$generation" timeout 180 "$exe" >"$log" 2>&1; then
    cat "$log"
    echo "aot-check: the native consumer failed against $generation" >&2
    status=1
    continue
  fi
  cat "$log"
  expected="API ${generation/0.13/0.12\/0.13}"
  if ! grep -qF "$expected" "$log" || ! grep -q "^ok: passed against" "$log"; then
    echo "aot-check: the output does not show a passing run against $generation ('$expected')" >&2
    status=1
  fi
done

# 5. Size and start-up time.
size_bytes="$(stat -c %s "$exe")"
times=()
for _ in 1 2 3 4 5; do
  start="$(date +%s%N)"
  "$exe" --startup >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)"
echo "aot-check: native executable $(awk "BEGIN { printf \"%.1f\", $size_bytes / 1048576 }") MB ($size_bytes bytes), start-up to ready $median ms (median of 5: ${times[*]})"
[[ $status -eq 0 ]] && echo "aot-check: passed" || echo "aot-check: FAILED" >&2
exit $status
