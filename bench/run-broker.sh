#!/usr/bin/env bash
# Broker benchmarks in one run: builds Release, runs the BenchmarkDotNet suite (bench/Rein.Benchmarks), load-tests
# `rein serve` with wrk over loopback keep-alive (client credentials + private_key_jwt + DPoP, every request fresh),
# measures server CPU per token against the crypto floor measured in the same run and against a minimal ASP.NET Core
# endpoint that does only that crypto (same requests, same load), and writes the broker section of docs/benchmarks.md.
# Bounded in time, loopback only, and it stops everything it started.
#
#   bench/run-broker.sh
#
# Knobs (environment):
#   REIN_BENCH_DURATION=20      measured wrk run, seconds (keep it short: nonces live 2-4 minutes)
#   REIN_BENCH_CONNECTIONS=16   wrk keep-alive connections
#   REIN_BENCH_THREADS=1        wrk threads (wrk shares the cores with the server)
#   REIN_BENCH_WARMUP=5         one warm-up wrk round, seconds (not counted); rounds repeat until CPU/token settles
#   REIN_BENCH_WARMUP_TOKENS=30000  ... and at least this many tokens,
#   REIN_BENCH_WARMUP_MAX=75    ... or until this many seconds of warm-up
#   REIN_BENCH_MICRO=1          0 skips the BenchmarkDotNet suite (the doc then says so)
#   REIN_BENCH_ROUNDS=6         paired rounds after the measured run: floor, broker, minimal endpoint
#   REIN_BENCH_ROUND_SECONDS=8  ... each server measured this long per round
#   REIN_BENCH_TIME_LIMIT=900   the whole script, seconds
#   REIN_BENCH_DOC=docs/benchmarks.md
# Needs: dotnet, wrk and curl (Debian: apt-get install wrk curl).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

DURATION=${REIN_BENCH_DURATION:-20}
CONNECTIONS=${REIN_BENCH_CONNECTIONS:-16}
THREADS=${REIN_BENCH_THREADS:-1}
WARMUP=${REIN_BENCH_WARMUP:-5}
WARMUP_MAX=${REIN_BENCH_WARMUP_MAX:-75}
WARMUP_TOKENS=${REIN_BENCH_WARMUP_TOKENS:-30000}
MICRO=${REIN_BENCH_MICRO:-1}
TIME_LIMIT=${REIN_BENCH_TIME_LIMIT:-900}
ROUNDS=${REIN_BENCH_ROUNDS:-6}
ROUND_SECS=${REIN_BENCH_ROUND_SECONDS:-8}
DOC=${REIN_BENCH_DOC:-docs/benchmarks.md}

START=$SECONDS
log() { echo "bench: [$((SECONDS - START))s] $*"; }
die() { echo "bench: $*" >&2; exit 1; }
# Every long step runs under `timeout` with what is left of the budget, so the whole script stays within TIME_LIMIT.
remaining() {
  local left=$((TIME_LIMIT - (SECONDS - START)))
  [ "$left" -gt 5 ] || die "time limit of ${TIME_LIMIT}s reached"
  echo "$left"
}

for tool in dotnet wrk curl timeout; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install wrk curl)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rein-bench.XXXXXX")
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
FLOOR_PID=""
cleanup() {
  stop_server
  [ -z "$FLOOR_PID" ] || kill "$FLOOR_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# Waits until process $1 has printed its URL to log $2 (sed expression $3 extracts it) and prints that URL.
wait_for_url() { # pid log sed-expression name
  local url=""
  for _ in $(seq 120); do
    kill -0 "$1" 2>/dev/null || { cat "$2" >&2; die "$4 exited"; }
    url=$(sed -n "$3" "$2" | head -n 1)
    [ -n "$url" ] && { echo "$url"; return 0; }
    sleep 0.5
  done
  cat "$2" >&2
  die "$4 did not start within 60 s"
}
trap 'exit 130' INT TERM

# --- 1. Build ---------------------------------------------------------------------------------------------------------
# Note: Rein.Benchmarks references src/Rein.Server, so this also builds src/Rein.Server/bin/Release/net10.0/rein.dll.
log "building Release"
for project in bench/Rein.Benchmarks bench/Rein.LoadPrep; do
  timeout "$(remaining)" dotnet build -c Release --disable-build-servers -nologo -v quiet "$project" >"$WORK/build.log" 2>&1 \
    || { tail -n 30 "$WORK/build.log"; die "build of $project failed"; }
done
SERVER_DLL=src/Rein.Server/bin/Release/net10.0/rein.dll
LOADPREP=(dotnet bench/Rein.LoadPrep/bin/Release/net10.0/rein-loadprep.dll)
[ -f "$SERVER_DLL" ] || die "$SERVER_DLL was not built"

# --- 2. Microbenchmarks -----------------------------------------------------------------------------------------------
BDN_REPORT=""
if [ "$MICRO" = "1" ]; then
  log "BenchmarkDotNet suite (a few minutes)"
  # Note: run from the work directory so nothing lands in the repository.
  if (cd "$WORK" && timeout "$(remaining)" dotnet "$OLDPWD/bench/Rein.Benchmarks/bin/Release/net10.0/rein-benchmarks.dll" \
        --artifacts "$WORK/bdn") >"$WORK/bdn.log" 2>&1; then
    BDN_REPORT=$(ls "$WORK"/bdn/results/*-report-github.md 2>/dev/null | head -n 1 || true)
    [ -n "$BDN_REPORT" ] && sed -n '/^|/p' "$BDN_REPORT"
  else
    tail -n 30 "$WORK/bdn.log"
    log "BenchmarkDotNet failed; continuing with the load test (the doc will say so)"
  fi
fi

# --- 3. Server --------------------------------------------------------------------------------------------------------
"${LOADPREP[@]}" config --out "$WORK" >/dev/null
mkdir -p "$WORK/data"
log "starting rein serve"
dotnet "$SERVER_DLL" serve --config "$WORK/rein.yaml" --data-dir "$WORK/data" --urls http://127.0.0.1:0 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ISSUER=$(wait_for_url "$SERVER_PID" "$WORK/server.log" 's/^rein: serving \(http:\/\/127\.0\.0\.1:[0-9]*\) .*/\1/p' "rein serve") || exit 1
curl -fsS "$ISSUER/.well-known/oauth-authorization-server" | grep -q "\"token_endpoint\":\"$ISSUER/oauth/token\"" \
  || die "the metadata does not name $ISSUER/oauth/token as the token endpoint"
log "rein serve (pid $SERVER_PID) at $ISSUER"

# --- 4. Crypto floor, same run, same machine --------------------------------------------------------------------------
log "crypto floor"
timeout "$(remaining)" "${LOADPREP[@]}" floor --seconds 3 >"$WORK/floor.json"
cat "$WORK/floor.json"

# A server nonce: a proof without one is answered use_dpop_nonce with a DPoP-Nonce header (RFC 9449 §8).
fresh_nonce() {
  local proof
  proof=$("${LOADPREP[@]}" proof --issuer "$ISSUER")
  curl -sS -o /dev/null -D - -X POST -H "DPoP: $proof" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data 'grant_type=client_credentials' "$ISSUER/oauth/token" | tr -d '\r' | sed -n 's/^[Dd][Pp][Oo][Pp]-[Nn]once: *//p'
}
generate() { # count file
  local nonce
  nonce=$(fresh_nonce)
  [ -n "$nonce" ] || die "the server gave no DPoP nonce"
  timeout "$(remaining)" "${LOADPREP[@]}" requests --issuer "$ISSUER" --agent-key "$WORK/agent.private.jwk.json" \
    --nonce "$nonce" --count "$1" --out "$2" >/dev/null
}
wrk_json() { sed -n 's/^wrk-json: //p' "$1"; }
json_number() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" <<<"$1" | head -n 1; }
pid_cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
server_cpu_ticks() { pid_cpu_ticks "$SERVER_PID"; }

# --- 5. Warm-up (not counted) -----------------------------------------------------------------------------------------
# Rounds of WARMUP seconds until at least WARMUP_TOKENS tokens were issued and the server's CPU time per token has
# settled (within 5 % of the previous round), or WARMUP_MAX seconds have gone: tiered JIT and PGO take tens of
# thousands of requests here, and longer when other work starves the background compiler.
round_count=0; warm_tokens=0; warm_other=0; warm_rounds=""; prev_cpu=0; warm_rate=0; warm_pool=8000
warm_start=$SECONDS
while :; do
  round_count=$((round_count + 1))
  generate "$warm_pool" "$WORK/warmup.tsv"
  before=$(server_cpu_ticks)
  timeout "$(remaining)" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s bench/wrk/token.lua "$ISSUER" \
    -- "$WORK/warmup.tsv" "$THREADS" >"$WORK/warmup.out"
  after=$(server_cpu_ticks)
  rm -f "$WORK/warmup.tsv"
  WARM=$(wrk_json "$WORK/warmup.out")
  [ -n "$WARM" ] || { cat "$WORK/warmup.out"; die "a warm-up run printed no result"; }
  ok=$(json_number "$WARM" responses_200)
  window=$(json_number "$WARM" window_us)
  [ "${ok:-0}" -gt 0 ] || { echo "$WARM"; tail -n 20 "$WORK/server.log"; die "a warm-up run issued no token"; }
  warm_tokens=$((warm_tokens + ok))
  warm_other=$((warm_other + $(json_number "$WARM" responses_other)))
  warm_rate=$((ok * 1000000 / (window > 0 ? window : 1)))
  cpu=$(((after - before) * (1000000 / $(getconf CLK_TCK)) / ok))
  warm_rounds="${warm_rounds:+$warm_rounds, }$cpu"
  log "warm-up round $round_count: $ok tokens at ~$warm_rate/s, $cpu CPU µs/token"
  if [ "$warm_tokens" -ge "$WARMUP_TOKENS" ] && [ $(((cpu - prev_cpu) * 20)) -le "$prev_cpu" ] && [ $(((prev_cpu - cpu) * 20)) -le "$prev_cpu" ]; then
    break
  fi
  if [ $((SECONDS - warm_start + WARMUP)) -gt "$WARMUP_MAX" ]; then
    log "warm-up: CPU per token had not settled within ${WARMUP_MAX}s; measuring anyway (the doc lists every round)"
    break
  fi
  prev_cpu=$cpu
  warm_pool=$(($(nproc) * 1000000 / (cpu > 0 ? cpu : 1)))
  [ "$warm_pool" -ge $((warm_rate * 3 / 2)) ] || warm_pool=$((warm_rate * 3 / 2))
  warm_pool=$((warm_pool * WARMUP + 1000))
done
# The pool should outlast the run: 1.5 x the last warm-up rate, or 1.5 x what every core could do at the last round's
# CPU time per token, whichever is more. If it still runs out, throughput is taken over the window it lasted.
cpu_bound_rate=$(($(nproc) * 1500000 / (cpu > 0 ? cpu : 1)))
[ "$cpu_bound_rate" -ge $((warm_rate * 3 / 2)) ] || cpu_bound_rate=$((warm_rate * 3 / 2))
count=$((cpu_bound_rate * DURATION + 2000))
[ "$count" -ge 5000 ] || count=5000
[ "$count" -le 300000 ] || count=300000
log "measured pool: $count requests"

# --- 6. The measured run ----------------------------------------------------------------------------------------------
generate "$count" "$WORK/main.tsv"
read -r load_before_1 load_before_5 load_before_15 _ </proc/loadavg
cpu_before=$(server_cpu_ticks)
log "measured run: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
timeout "$(remaining)" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/wrk/token.lua \
  "$ISSUER" -- "$WORK/main.tsv" "$THREADS" >"$WORK/main.out"
cpu_after=$(server_cpu_ticks)
read -r load_after_1 load_after_5 load_after_15 _ </proc/loadavg
sed -n '1,/^Transfer/p' "$WORK/main.out"

# --- 7. Second baseline: the same requests against a minimal ASP.NET Core endpoint ------------------------------------
# `rein-loadprep http-floor` reads the form, does the crypto floor's work and answers a same-size token response,
# nothing else; with --crypto false it skips the crypto too. Measured like the broker (utime + stime over one wrk run
# after a warm-up round), it says what any .NET server pays here beyond the one-thread floor, and so how much of the
# broker's cost is Rein's own.
start_http_floor() { # name crypto -> FLOOR_PID, FLOOR_URL
  "${LOADPREP[@]}" http-floor --urls http://127.0.0.1:0 --crypto "$2" >"$WORK/$1.log" 2>&1 &
  FLOOR_PID=$!
  FLOOR_URL=$(wait_for_url "$FLOOR_PID" "$WORK/$1.log" 's/^rein-loadprep: http floor serving \(http:[^ ]*\)$/\1/p' "rein-loadprep http-floor") || exit 1
  timeout "$(remaining)" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((WARMUP * 2))s" --timeout 10s -s bench/wrk/token.lua "$FLOOR_URL" \
    -- "$WORK/main.tsv" "$THREADS" >/dev/null
}
stop_http_floor() {
  if [ -n "$FLOOR_PID" ] && kill -0 "$FLOOR_PID" 2>/dev/null; then
    kill "$FLOOR_PID" 2>/dev/null || true
    wait "$FLOOR_PID" 2>/dev/null || true
  fi
  FLOOR_PID=""
}
measure_http_floor() { # name
  local before after
  before=$(pid_cpu_ticks "$FLOOR_PID")
  timeout "$(remaining)" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/wrk/token.lua "$FLOOR_URL" \
    -- "$WORK/main.tsv" "$THREADS" >"$WORK/$1.out"
  after=$(pid_cpu_ticks "$FLOOR_PID")
  echo "${1//-/_}_cpu_ticks=$((after - before))" >>"$WORK/floors.env"
  log "$1: $(json_number "$(wrk_json "$WORK/$1.out")" responses_200) answers measured"
}
: >"$WORK/floors.env"
log "second baseline: minimal ASP.NET Core endpoint with the floor's crypto"
start_http_floor http-floor true
measure_http_floor http-floor

# --- 8. Paired rounds -------------------------------------------------------------------------------------------------
# This host's speed drifts by 10-20 % within minutes (other tenants), so a floor measured once, minutes away from the
# load, makes a noisy ratio. Each round measures the floor, then the broker and the minimal endpoint under the same
# load for ROUND_SECS each (alternating which goes first); the report gives each round's ratios and their medians.
: >"$WORK/rounds.tsv"
log "paired rounds: $ROUNDS x (floor, broker ${ROUND_SECS}s, minimal endpoint ${ROUND_SECS}s)"
round_run() { # pid url pool -> "ticks ok"
  local before after result ok
  before=$(pid_cpu_ticks "$1")
  timeout "$(remaining)" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${ROUND_SECS}s" --timeout 10s -s bench/wrk/token.lua "$2" \
    -- "$3" "$THREADS" >"$WORK/round.out"
  after=$(pid_cpu_ticks "$1")
  result=$(wrk_json "$WORK/round.out")
  ok=$(json_number "$result" responses_200)
  [ "$(json_number "$result" responses_other)" = "0" ] || die "a paired round got non-200 answers"
  echo "$((after - before)) ${ok:-0}"
}
for round in $(seq "$ROUNDS"); do
  generate $((cpu_bound_rate * ROUND_SECS + 2000)) "$WORK/round.tsv"
  floor_us=$(timeout "$(remaining)" "${LOADPREP[@]}" floor --seconds 2 | sed -n 's/.*"floor_cpu_us":\([0-9.]*\).*/\1/p')
  if [ $((round % 2)) = 1 ]; then
    broker=$(round_run "$SERVER_PID" "$ISSUER" "$WORK/round.tsv"); minimal=$(round_run "$FLOOR_PID" "$FLOOR_URL" "$WORK/round.tsv")
  else
    minimal=$(round_run "$FLOOR_PID" "$FLOOR_URL" "$WORK/round.tsv"); broker=$(round_run "$SERVER_PID" "$ISSUER" "$WORK/round.tsv")
  fi
  echo "$floor_us $broker $minimal" >>"$WORK/rounds.tsv"
  log "round $round: floor $floor_us µs; broker, minimal endpoint (CPU ticks, answers): $broker, $minimal"
done
stop_server
stop_http_floor

log "minimal endpoint without the crypto"
start_http_floor http-only false
measure_http_floor http-only
stop_http_floor


# --- 9. Report --------------------------------------------------------------------------------------------------------
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src 2>/dev/null || commit="$commit + uncommitted changes in src/"
runtime=$(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \(10\.[^ ]*\).*/\1/p' | tail -n 1)
cat >"$WORK/run.env" <<EOF
date=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$commit
nproc=$(nproc)
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
kernel=$(uname -r)
dotnet_sdk=$(dotnet --version)
dotnet_runtime=${runtime:-unknown}
openssl=$(openssl version 2>/dev/null || echo "libssl $(dpkg-query -W -f '${Version}' libssl3 2>/dev/null || echo unknown)")
wrk_version=$(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}')
load_before=$load_before_1 $load_before_5 $load_before_15
load_after=$load_after_1 $load_after_5 $load_after_15
server_cpu_ticks=$((cpu_after - cpu_before))
clk_tck=$(getconf CLK_TCK)
threads=$THREADS
connections=$CONNECTIONS
duration=$DURATION
warmup_tokens=$warm_tokens
warmup_other=$warm_other
warmup_rounds=$warm_rounds
warmup_round_seconds=$WARMUP
round_seconds=$ROUND_SECS
EOF
cat "$WORK/floors.env" >>"$WORK/run.env"
bdn_args=()
[ -n "$BDN_REPORT" ] && bdn_args=(--bdn "$BDN_REPORT")
mkdir -p "$(dirname "$DOC")"
status=0
"${LOADPREP[@]}" report --run "$WORK/run.env" --wrk "$WORK/main.out" \
  --floor "$WORK/floor.json" --rounds "$WORK/rounds.tsv" --http-floor "$WORK/http-floor.out" --http-only "$WORK/http-only.out" \
  "${bdn_args[@]}" --doc "$DOC" || status=$?
log "wrote the broker section of $DOC"
exit "$status"
