#!/usr/bin/env bash
# Gateway benchmarks in one run: builds Release, runs the BenchmarkDotNet gateway lookups (revocation index, validated-
# token cache), then load-tests over loopback keep-alive, against the same tiny upstream: a plain YARP route (the
# baseline), `rein serve`'s gateway with one bearer token (cached validation) at a tool without transaction tokens
# (`transaction_token: false`) and at one with them (an ES256 signature per call), and with DPoP (a fresh proof per
# request) at a tool without and one with transaction tokens; measures server CPU per request, one ES256 verify, and the time from a revocation call returning to the
# first refused request. Writes the gateway section of docs/benchmarks.md. Bounded, loopback only, stops what it started.
#
#   bench/run-gateway.sh
#
# Knobs (environment):
#   REIN_BENCH_DURATION=15      each measured wrk run, seconds (the same for all five)
#   REIN_BENCH_WARMUP=5         warm-up wrk rounds per target, seconds each (not counted), repeated until CPU per
#                               request settles (within 5 % of the previous round) or REIN_BENCH_WARMUP_MAX is reached
#   REIN_BENCH_WARMUP_MAX=90    warm-up budget per target, seconds (tiered JIT and PGO take tens of thousands of requests)
#   REIN_BENCH_CONNECTIONS=16   wrk keep-alive connections
#   REIN_BENCH_CONTAIN=200      kill-to-refusal iterations
#   REIN_BENCH_MICRO=1          0 skips BenchmarkDotNet (the doc then says so)
#   REIN_BENCH_TIME_LIMIT=1500  the whole script, seconds
#   REIN_BENCH_DOC=docs/benchmarks.md
# Needs: dotnet, wrk, curl, perl.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

DURATION=${REIN_BENCH_DURATION:-15}
WARMUP=${REIN_BENCH_WARMUP:-5}
WARMUP_MAX=${REIN_BENCH_WARMUP_MAX:-90}
CONNECTIONS=${REIN_BENCH_CONNECTIONS:-16}
CONTAIN=${REIN_BENCH_CONTAIN:-200}
MICRO=${REIN_BENCH_MICRO:-1}
TIME_LIMIT=${REIN_BENCH_TIME_LIMIT:-1500}
DOC=${REIN_BENCH_DOC:-docs/benchmarks.md}

START=$SECONDS
log() { echo "bench: [$((SECONDS - START))s] $*"; }
die() { echo "bench: $*" >&2; exit 1; }
remaining() {
  local left=$((TIME_LIMIT - (SECONDS - START)))
  [ "$left" -gt 5 ] || die "time limit of ${TIME_LIMIT}s reached"
  echo "$left"
}
for tool in dotnet wrk curl timeout perl; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install wrk curl perl)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rein-gwbench.XXXXXX")
PIDS=()
stop_pid() {
  local pid=$1
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. Build ---------------------------------------------------------------------------------------------------------
log "building Release"
for project in bench/Rein.Benchmarks bench/Rein.LoadPrep bench/Rein.GatewayBench; do
  timeout "$(remaining)" dotnet build -c Release --disable-build-servers -nologo -v quiet "$project" >"$WORK/build.log" 2>&1 \
    || { tail -n 30 "$WORK/build.log"; die "build of $project failed"; }
done
SERVER_DLL=src/Rein.Server/bin/Release/net10.0/rein.dll
LOADPREP=(dotnet bench/Rein.LoadPrep/bin/Release/net10.0/rein-loadprep.dll)
GWB=(dotnet bench/Rein.GatewayBench/bin/Release/net10.0/rein-gatewaybench.dll)
[ -f "$SERVER_DLL" ] || die "$SERVER_DLL was not built"

# --- 2. Microbenchmarks -----------------------------------------------------------------------------------------------
BDN_TABLE=""
if [ "$MICRO" = "1" ]; then
  log "BenchmarkDotNet gateway lookups"
  if (cd "$WORK" && timeout "$(remaining)" dotnet "$OLDPWD/bench/Rein.Benchmarks/bin/Release/net10.0/rein-benchmarks.dll" \
        gateway --artifacts "$WORK/bdn") >"$WORK/bdn.log" 2>&1; then
    report=$(ls "$WORK"/bdn/results/*-report-github.md 2>/dev/null | head -n 1 || true)
    [ -n "$report" ] && BDN_TABLE=$(sed -n '/^```/,$p' "$report")
    echo "$BDN_TABLE" | sed -n '/^|/p'
  else
    tail -n 30 "$WORK/bdn.log"; log "BenchmarkDotNet failed; continuing (the doc will say so)"
  fi
fi

# --- 3. Upstream, baseline proxy, rein serve --------------------------------------------------------------------------
start_helper() { # name command...  -> sets URL and appends to PIDS
  local name=$1; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  URL=""
  for _ in $(seq 120); do
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/$name.log"; die "$name exited"; }
    URL=$(sed -n 's/^listening \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p; s/^rein: serving \(http:\/\/127\.0\.0\.1:[0-9]*\) .*/\1/p' "$WORK/$name.log" | head -n 1)
    [ -n "$URL" ] && break
    sleep 0.5
  done
  [ -n "$URL" ] || { cat "$WORK/$name.log"; die "$name did not start within 60 s"; }
  LAST_PID=$pid
}
start_helper upstream "${GWB[@]}" upstream; UPSTREAM=$URL; UPSTREAM_PID=$LAST_PID
start_helper proxy "${GWB[@]}" proxy --upstream "$UPSTREAM"; PROXY=$URL; PROXY_PID=$LAST_PID
"${GWB[@]}" config --out "$WORK" --upstream "$UPSTREAM"
mkdir -p "$WORK/data"
start_helper rein dotnet "$SERVER_DLL" serve --config "$WORK/rein.yaml" --data-dir "$WORK/data" --urls http://127.0.0.1:0
ISSUER=$URL; REIN_PID=$LAST_PID
log "upstream $UPSTREAM, baseline proxy $PROXY (pid $PROXY_PID), rein serve $ISSUER (pid $REIN_PID)"
curl -fsS -o /dev/null "$PROXY/tools/plain/items/1" || die "the baseline proxy does not reach the upstream"

# --- 4. One ES256 verify, same run ------------------------------------------------------------------------------------
timeout "$(remaining)" "${LOADPREP[@]}" floor --seconds 2 >"$WORK/floor.json"
VERIFY=$(sed -n 's/.*"verify_cpu_us":\([0-9.]*\).*/\1/p' "$WORK/floor.json")
log "one ES256 verify: $VERIFY CPU µs"

# --- 5. Tokens and proofs ---------------------------------------------------------------------------------------------
# Proofs are single-use: each warm-up round gets its own slice, the measured run the rest.
PER_ROUND=$((WARMUP * 8000))
ROUNDS=$(( (WARMUP_MAX + WARMUP - 1) / WARMUP ))
POOL=$(( ROUNDS * PER_ROUND + DURATION * 8000 ))
timeout "$(remaining)" "${GWB[@]}" prep --issuer "$ISSUER" --dir "$WORK" --count "$POOL"
for tool in dpop dpop-notxn; do
  mkdir -p "$WORK/$tool.warm"
  for round in $(seq "$ROUNDS"); do
    sed -n "$(( (round - 1) * PER_ROUND + 1 )),$(( round * PER_ROUND ))p" "$WORK/$tool.proofs" >"$WORK/$tool.warm/$round"
  done
  tail -n +$((ROUNDS * PER_ROUND + 1)) "$WORK/$tool.proofs" >"$WORK/$tool.main"
  rm -f "$WORK/$tool.proofs"
done
BEARER="Bearer $(cat "$WORK/bearer.token")"
LEAN="Bearer $(cat "$WORK/bearer-notxn.token")"
DPOP="DPoP $(cat "$WORK/dpop.token")"
DPOP_LEAN="DPoP $(cat "$WORK/dpop-notxn.token")"
curl -fsS -o /dev/null -H "Authorization: $BEARER" "$ISSUER/tools/bearer/items/1" || die "the bearer call was refused"
curl -fsS -o /dev/null -H "Authorization: $LEAN" "$ISSUER/tools/bearer-notxn/items/1" || die "the bearer call without transaction token was refused"

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
json() { sed -n "s/.*\"$2\":\([0-9.a-z]*\).*/\1/p" <<<"$1" | head -n 1; }
run_wrk() { # name pid url path auth [proofs-warm-dir proofs-main]
  local name=$1 pid=$2 url=$3 path=$4 auth=$5 warm=${6:-} main=${7:-}
  local round=0 prev=0 cpu=0 rounds="" warm_start=$SECONDS
  while :; do
    round=$((round + 1))
    local proofs=""
    if [ -n "$warm" ]; then proofs="$warm/$round"; [ -s "$proofs" ] || break; fi
    local b a ok
    b=$(cpu_ticks "$pid")
    timeout "$(remaining)" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s bench/wrk/gateway.lua "$url" -- \
      "$path" "$auth" ${proofs:+"$proofs"} >"$WORK/$name.warm.out"
    a=$(cpu_ticks "$pid")
    ok=$(json "$(sed -n 's/^wrk-json: //p' "$WORK/$name.warm.out")" responses_200)
    [ "${ok:-0}" -gt 0 ] || { cat "$WORK/$name.warm.out"; die "$name: a warm-up round got no 200 response"; }
    cpu=$(( (a - b) * (1000000 / $(getconf CLK_TCK)) / ok ))
    rounds="${rounds:+$rounds,}$cpu"
    if [ "$round" -ge 2 ] && [ $(((cpu - prev) * 20)) -le "$prev" ] && [ $(((prev - cpu) * 20)) -le "$prev" ]; then break; fi
    [ $((SECONDS - warm_start + WARMUP)) -le "$WARMUP_MAX" ] || break
    prev=$cpu
  done
  log "$name warm-up: CPU µs per request by round: $rounds"
  local before after
  before=$(cpu_ticks "$pid")
  timeout "$(remaining)" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/wrk/gateway.lua "$url" -- \
    "$path" "$auth" ${main:+"$main"} >"$WORK/$name.out"
  after=$(cpu_ticks "$pid")
  local result
  result=$(sed -n 's/^wrk-json: //p' "$WORK/$name.out")
  [ -n "$result" ] || { cat "$WORK/$name.out"; die "$name: wrk printed no result"; }
  local ok window
  ok=$(json "$result" responses_200); window=$(json "$result" window_us)
  [ "${ok:-0}" -gt 0 ] || { echo "$result"; die "$name: no 200 responses"; }
  echo "$name ok=$ok other=$(json "$result" responses_other) window_us=$window cpu_ticks=$((after - before)) warm_rounds=$rounds $result" >>"$WORK/results.txt"
  log "$name: $result"
}
read -r load_before _ <<<"$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '_')"
log "load: baseline (plain YARP)"
run_wrk baseline "$PROXY_PID" "$PROXY" /tools/plain/items/1 -
log "load: gateway, bearer, no transaction token"
run_wrk bearer-notxn "$REIN_PID" "$ISSUER" /tools/bearer-notxn/items/1 "$LEAN"
log "load: gateway, bearer with transaction token"
run_wrk bearer "$REIN_PID" "$ISSUER" /tools/bearer/items/1 "$BEARER"
log "load: gateway, DPoP, no transaction token"
run_wrk dpop-notxn "$REIN_PID" "$ISSUER" /tools/dpop-notxn/items/1 "$DPOP_LEAN" "$WORK/dpop-notxn.warm" "$WORK/dpop-notxn.main"
log "load: gateway, DPoP with transaction token"
run_wrk dpop "$REIN_PID" "$ISSUER" /tools/dpop/items/1 "$DPOP" "$WORK/dpop.warm" "$WORK/dpop.main"
read -r load_after _ <<<"$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '_')"

# --- 6. Time to contain -----------------------------------------------------------------------------------------------
log "time to contain: $CONTAIN revocations by jti"
timeout "$(remaining)" "${GWB[@]}" contain --issuer "$ISSUER" --dir "$WORK" --iterations "$CONTAIN" >"$WORK/contain.out"
CONTAIN_JSON=$(sed -n 's/^contain-json: //p' "$WORK/contain.out")
log "contain: $CONTAIN_JSON"
for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
PIDS=()

# --- 7. Report --------------------------------------------------------------------------------------------------------
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src 2>/dev/null || commit="$commit + uncommitted changes in src/"
runtime=$(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \(10\.[^ ]*\).*/\1/p' | tail -n 1)
export REIN_R_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" REIN_R_COMMIT="$commit" REIN_R_NPROC="$(nproc)"
export REIN_R_CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
export REIN_R_MEM="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
export REIN_R_OS="$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
export REIN_R_DOTNET="SDK $(dotnet --version), runtime ${runtime:-unknown}"
export REIN_R_WRK="$(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}')"
export REIN_R_LOAD_BEFORE="${load_before//_/ }" REIN_R_LOAD_AFTER="${load_after//_/ }"
export REIN_R_CLK="$(getconf CLK_TCK)" REIN_R_VERIFY="$VERIFY" REIN_R_CONTAIN="$CONTAIN_JSON"
export REIN_R_DURATION="$DURATION" REIN_R_WARMUP="$WARMUP" REIN_R_WARMUP_MAX="$WARMUP_MAX" REIN_R_CONN="$CONNECTIONS" REIN_R_N="$CONTAIN"
export REIN_R_BDN="$BDN_TABLE" REIN_R_RESULTS="$(cat "$WORK/results.txt")"
perl bench/gateway-report.pl "$DOC"
log "wrote the gateway section of $DOC"
