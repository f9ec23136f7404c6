#!/usr/bin/env bash
# Checks the fake stepflow-server by hand against its contract (README.md): every FAKE_STEPFLOW_BEHAVIOUR, the
# record directory, the flags, the readiness line, health, signals and exit codes. Not run by CI (the launcher's
# tests exercise the fake); run it after changing the fake:
#   dotnet build tests/Stepflow.FakeServerBinary -p:StepflowSkipCodegen=true && tests/Stepflow.FakeServerBinary/smoke.sh
# Optional: the executable to check as the first argument (default: the Debug build).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exe="${1:-$here/bin/Debug/net10.0/Stepflow.FakeServerBinary}"
[[ -x "$exe" ]] || { echo "no executable at $exe; build the project first" >&2; exit 1; }
work="$(mktemp -d)"
pid=""
started=()
trap '[[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
passed=0
failed=0
config='{"plugins": {"builtin": {"type": "builtin"}}, "routes": {"/builtin": [{"plugin": "builtin"}]}}'

check() { # description, then a command that must succeed
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what" >&2
    echo "  stdout:" >&2 && sed 's/^/    /' "$work/out" >&2
    echo "  stderr:" >&2 && sed 's/^/    /' "$work/err" >&2
  fi
}

# bash starts background commands with SIGINT ignored, and .NET keeps an inherited SIG_IGN (so would any child of
# such a process): exec the fake through a wrapper that restores SIGINT's default, keeping the process id.
unignored() { exec python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' "$@"; }

start() { # starts the fake with stdin from $work/in and the given arguments; sets pid
  : >"$work/out"
  : >"$work/err"
  unignored "$exe" "$@" <"$work/in" >"$work/out" 2>"$work/err" &
  pid=$!
  started+=("$pid")
}

with_config() { printf '%s' "$config" >"$work/in"; }

port_of() { sed -n 's/^{"port":\([0-9]*\)}$/\1/p' "$work/out"; }

wait_for_port() { # up to 10 s
  local i
  for i in $(seq 100); do
    [[ -n "$(port_of)" ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

health() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/api/v1/health"; }

# Waits for the process to end within $1 ms; sets rc (the exit code) and elapsed (ms).
ended_within() {
  local limit="$1" start now
  start=$(date +%s%N)
  while kill -0 "$pid" 2>/dev/null; do
    now=$(date +%s%N)
    if (((now - start) / 1000000 > limit)); then
      return 1
    fi
    sleep 0.02
  done
  wait "$pid"
  rc=$?
  elapsed=$((($(date +%s%N) - start) / 1000000))
  pid=""
  return 0
}

stop_with() { # signal; the process must exit 0 within 1 s
  kill "-$1" "$pid"
  if ! ended_within 1000; then
    echo "  still running 1 s after SIG$1" >&2
    kill -KILL "$pid" 2>/dev/null
    return 1
  fi
  [[ $rc -eq 0 ]] || { echo "  exit code $rc after SIG$1" >&2; return 1; }
}

no_process_left() { # none of the fakes started so far is alive
  local p
  for p in "${started[@]}"; do
    ! kill -0 "$p" 2>/dev/null || return 1
  done
}

echo "== normal: --port 0 --config-stdin, health, record dir, SIGTERM"
with_config
record="$work/record"
FAKE_STEPFLOW_RECORD_DIR="$record" FAKE_STEPFLOW_X='a=b' STEPFLOW_TEST_Y=1 STEPFLOW_OTHER=no \
  start --port 0 --config-stdin --orchestrator-id orch-1 --trace-enabled --otlp-endpoint http://x:4317
check "port line" wait_for_port
port="$(port_of)"
check "health answers 200" test "$(health "$port")" = 200
check "listens on 127.0.0.1 only" bash -c "ss -ltn | grep -q ' 127.0.0.1:$port ' && ! ss -ltn | grep -q ' 0.0.0.0:$port '"
check "one line per request" grep -q 'INFO stepflow_server::http: GET /api/v1/health' "$work/out"
check "log lines before readiness" bash -c "[[ \$(sed -n '/^{\"port\"/q;p' '$work/out' | grep -c ' INFO stepflow_server: ') -ge 2 ]]"
check "exactly one port line" test "$(grep -c '^{"port":' "$work/out")" = 1
check "config.json holds the bytes sent" cmp -s "$work/in" "$record/config.json"
check "args.txt: one argument a line" diff <(printf '%s\n' --port 0 --config-stdin --orchestrator-id orch-1 --trace-enabled --otlp-endpoint http://x:4317) "$record/args.txt"
check "pid is the process id" test "$(cat "$record/pid")" = "$pid"
check "env.txt: FAKE_STEPFLOW_ and STEPFLOW_TEST_ only" diff <(printf '%s\n' FAKE_STEPFLOW_RECORD_DIR="$record" FAKE_STEPFLOW_X=a=b STEPFLOW_TEST_Y=1) "$record/env.txt"
check "SIGTERM: exit 0 within 1 s" stop_with TERM
check "SIGTERM: logs shutting down" grep -q 'INFO stepflow_server: shutting down' "$work/out"
check "no process left" no_process_left

echo "== SIGINT, a fixed port, JSON logs"
with_config
fixed="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
start -p "$fixed" --config-stdin --log-format json --log-level info
check "port line" wait_for_port
check "the given port is used" test "$(port_of)" = "$fixed"
check "log lines are JSON without a top-level port" python3 -c '
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
objs = [json.loads(l) for l in lines]
assert objs[0]["level"] == "INFO" and objs[0]["target"] == "stepflow_server" and "message" in objs[0]["fields"], objs[0]
assert sum(1 for o in objs if "port" in o) == 1, objs
' "$work/out"
check "SIGINT: exit 0 within 1 s" stop_with INT
check "SIGINT: logs shutting down" grep -q '"message":"shutting down"' "$work/out"

echo "== the port is in use"
with_config
python3 -c 'import socket, time, sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(15)' "$fixed" &
holder=$!
sleep 0.5
start --port "$fixed" --config-stdin
check "ends" ended_within 15000
check "exit code 1" test "$rc" = 1
check "an ERROR line on stdout and stderr" bash -c "grep -q ' ERROR stepflow_server: failed to listen' '$work/out' && grep -q 'failed to listen' '$work/err'"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

echo "== --config with --config-stdin: exit 2"
with_config
start --config "$work/in" --config-stdin
check "ends" ended_within 5000
check "exit code 2" test "$rc" = 2
check "the error is on stderr, not stdout" bash -c "grep -q 'cannot be used with' '$work/err' && [[ ! -s '$work/out' ]]"

echo "== config on stdin that is not JSON: exit 1"
printf '{"plugins": ' >"$work/in"
start --port 0 --config-stdin
ended_within 5000
check "exit code 1" test "$rc" = 1
check "an ERROR line" grep -q ' ERROR stepflow_server: failed to parse config from stdin' "$work/out"
check "no port line" test -z "$(port_of)"
: >"$work/in"
start --port 0 --config-stdin
ended_within 5000
check "empty stdin: exit code 1" test "$rc" = 1

echo "== --config PATH: recorded as read; no config: the default"
printf 'plugins:\n  builtin: {type: builtin}\n' >"$work/config.yaml"
: >"$work/in"
FAKE_STEPFLOW_RECORD_DIR="$work/record2" start -c "$work/config.yaml" -p 0
check "port line" wait_for_port
check "config.json is the file" cmp -s "$work/config.yaml" "$work/record2/config.json"
check "SIGTERM: exit 0" stop_with TERM
FAKE_STEPFLOW_RECORD_DIR="$work/record3" start --port=0
check "no config: port line" wait_for_port
check "no config: no config.json" test ! -e "$work/record3/config.json"
check "SIGTERM: exit 0" stop_with TERM

echo "== hang-before-ready"
with_config
FAKE_STEPFLOW_BEHAVIOUR=hang-before-ready start --port 0 --config-stdin
sleep 2
check "still running" kill -0 "$pid"
check "log lines, no port line" bash -c "grep -q ' INFO ' '$work/out' && ! grep -q '^{\"port\"' '$work/out'"
check "SIGTERM: exit 0 within 1 s" stop_with TERM

echo "== exit-before-ready:7"
with_config
FAKE_STEPFLOW_BEHAVIOUR=exit-before-ready:7 start --port 0 --config-stdin
ended_within 5000
check "exit code 7" test "$rc" = 7
check "3 log lines" test "$(wc -l <"$work/out")" = 3
check "the last is the plugin error" bash -c "tail -n 1 '$work/out' | grep -q ' ERROR stepflow_server: failed to initialize plugins: boom$'"
check "the error is on stderr too" grep -q 'failed to initialize plugins: boom' "$work/err"

echo "== crash-after:500"
with_config
FAKE_STEPFLOW_BEHAVIOUR=crash-after:500 start --port 0 --config-stdin
check "port line" wait_for_port
check "healthy meanwhile" test "$(health "$(port_of)")" = 200
ended_within 3000
check "exit code 3" test "$rc" = 3
check "ERROR crashed on stdout and stderr" bash -c "grep -q ' ERROR stepflow_server: crashed' '$work/out' && grep -q 'crashed' '$work/err'"

echo "== crash-once-after:300:<marker>"
marker="$work/marker:with-colon"
with_config
FAKE_STEPFLOW_BEHAVIOUR="crash-once-after:300:$marker" start --port 0 --config-stdin
check "first start: port line" wait_for_port
ended_within 3000
check "first start: exit code 3" test "$rc" = 3
check "the marker file exists" test -e "$marker"
FAKE_STEPFLOW_BEHAVIOUR="crash-once-after:300:$marker" start --port 0 --config-stdin
check "second start: port line" wait_for_port
sleep 1
check "second start: still running" kill -0 "$pid"
check "second start: SIGTERM exit 0" stop_with TERM

echo "== unhealthy-for:1500"
with_config
FAKE_STEPFLOW_BEHAVIOUR=unhealthy-for:1500 start --port 0 --config-stdin
check "port line" wait_for_port
port="$(port_of)"
check "health 503 at first" test "$(health "$port")" = 503
check "other routes answer meanwhile" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/runs")" = 200
sleep 1.7
check "health 200 afterwards" test "$(health "$port")" = 200
check "SIGTERM: exit 0" stop_with TERM

echo "== ignore-sigterm"
with_config
FAKE_STEPFLOW_BEHAVIOUR=ignore-sigterm start --port 0 --config-stdin
check "port line" wait_for_port
kill -TERM "$pid"
sleep 1.5
check "still running after SIGTERM" kill -0 "$pid"
check "logs ignoring SIGTERM" grep -q 'ignoring SIGTERM' "$work/out"
check "still healthy" test "$(health "$(port_of)")" = 200
kill -KILL "$pid"
ended_within 2000
check "SIGKILL ends it" test "$rc" = 137

echo "== SIGTERM while a request is in flight, and while stdin is still open"
with_config
start --port 0 --config-stdin
wait_for_port
python3 - "$(port_of)" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /api/v1/flows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
time.sleep(5)
PY
client=$!
sleep 0.5
check "exit 0 within 1 s with a request in flight" stop_with TERM
kill "$client" 2>/dev/null
wait "$client" 2>/dev/null
mkfifo "$work/fifo"
unignored "$exe" --port 0 --config-stdin <"$work/fifo" >"$work/out" 2>"$work/err" &
pid=$!
started+=("$pid")
exec 3>"$work/fifo" # stdin open, nothing written
sleep 1
check "exit 0 within 1 s while reading stdin" stop_with TERM
exec 3>&-

echo "== bad values"
with_config
for args in "--port 70000" "--port" "--log-level loud" "--log-format xml"; do
  # shellcheck disable=SC2086
  start $args
  ended_within 5000
  check "'$args': exit code 2" test "$rc" = 2
done
FAKE_STEPFLOW_BEHAVIOUR=explode start --port 0
ended_within 5000
check "unknown behaviour: exit code 2" test "$rc" = 2

check "no process left at the end" no_process_left
echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
