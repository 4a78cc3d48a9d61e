#!/usr/bin/env bash
# Policy evaluation benchmarks in one run: Rein.Policy beside the official Cedar implementation (cedar-wasm, the
# baseline) on the same Rein-shaped workload and the same requests. Generates the workload with
# interop/cedar/bench.mjs (10 to 10,000 policies) and times cedar-wasm's stateful API on it (all entities per call,
# and the request's entity slice); checks that Rein gives every request the same decision, determining policies and
# erroring policies as cedar-wasm (the run fails loudly if not); times Rein the same way, then with BenchmarkDotNet
# (also through PolicyEngine.Authorize, the gateway's call); prints the comparison and writes the policy section of
# docs/benchmarks.md. Bounded, local only, and it leaves nothing running.
#
#   bench/run-policy.sh
#
# Knobs (environment):
#   REIN_BENCH_SIZES=10,100,1000,10000   policy counts
#   REIN_BENCH_SECONDS=3                 cedar-wasm timing per API and size, and Rein's per-call and CPU loops, seconds
#   REIN_BENCH_TIME_LIMIT=1800           the whole script, seconds
#   REIN_BENCH_DOC=docs/benchmarks.md    "-" prints the table only
# Needs: dotnet, node (>= 20) and npm (first run: installs interop/cedar's pinned cedar-wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SIZES=${REIN_BENCH_SIZES:-10,100,1000,10000}
SECONDS_PER=${REIN_BENCH_SECONDS:-3}
TIME_LIMIT=${REIN_BENCH_TIME_LIMIT:-1800}
DOC=${REIN_BENCH_DOC:-docs/benchmarks.md}

START=$SECONDS
log() { echo "bench: [$((SECONDS - START))s] $*"; }
die() { echo "bench: $*" >&2; exit 1; }
remaining() {
  local left=$((TIME_LIMIT - (SECONDS - START)))
  [ "$left" -gt 5 ] || die "time limit of ${TIME_LIMIT}s reached"
  echo "$left"
}
for tool in dotnet node npm timeout; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
[[ "$SIZES" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "REIN_BENCH_SIZES must be a comma-separated list of policy counts"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rein-policybench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# --- 1. Build and install -------------------------------------------------------------------------------------------
log "building Release"
timeout "$(remaining)" dotnet build -c Release --disable-build-servers -nologo -v quiet bench/Rein.Benchmarks >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "build of bench/Rein.Benchmarks failed"; }
BENCH=(dotnet "$PWD/bench/Rein.Benchmarks/bin/Release/net10.0/rein-benchmarks.dll")
if [ ! -d interop/cedar/node_modules/@cedar-policy/cedar-wasm ]; then
  log "installing interop/cedar (npm ci)"
  (cd interop/cedar && timeout "$(remaining)" npm ci --no-audit --no-fund) >"$WORK/npm.log" 2>&1 \
    || { tail -n 30 "$WORK/npm.log"; die "npm ci in interop/cedar failed"; }
fi

read -r load_before _ <<<"$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '_')"

# --- 2. cedar-wasm: workload, answers, timings ----------------------------------------------------------------------
log "cedar-wasm: generating the workload ($SIZES policies) and timing statefulIsAuthorized and the entity slice"
(cd interop/cedar && timeout "$(remaining)" node bench.mjs --sizes "$SIZES" --apis stateful,slice --seconds "$SECONDS_PER" \
    --out "$WORK/workload" --json) >"$WORK/cedar.json" 2>"$WORK/cedar.log" \
  || { tail -n 30 "$WORK/cedar.log"; die "bench.mjs failed"; }

# --- 3. Rein: same answers, then per-call timings -------------------------------------------------------------------
log "Rein: checking every answer against cedar-wasm's, then timing single decisions"
timeout "$(remaining)" "${BENCH[@]}" policy-check --workload "$WORK/workload" --sizes "$SIZES" --seconds "$SECONDS_PER" \
    --out "$WORK/calls.json" \
  || die "Rein.Policy and cedar-wasm disagree on the workload (or the check failed): see above"

# --- 4. Rein: BenchmarkDotNet ---------------------------------------------------------------------------------------
log "Rein: BenchmarkDotNet (PolicyEvaluationBenchmarks at each size, PolicyEngineBenchmarks)"
(cd "$WORK" && REIN_POLICY_WORKLOAD="$WORK/workload" REIN_POLICY_SIZES="$SIZES" \
    timeout "$(remaining)" "${BENCH[@]}" policy --out "$WORK/bdn.json" -- --artifacts "$WORK/bdn") >"$WORK/bdn.log" 2>&1 \
  || { tail -n 40 "$WORK/bdn.log"; die "BenchmarkDotNet failed"; }
for report in "$WORK"/bdn/results/*-report-github.md; do
  sed -n '/^```/,$p' "$report"
  echo
done >"$WORK/bdn-tables.md"

# --- 5. Report ------------------------------------------------------------------------------------------------------
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src bench interop 2>/dev/null || commit="$commit + uncommitted changes"
report_args=(--cedar "$WORK/cedar.json" --calls "$WORK/calls.json" --bdn "$WORK/bdn.json" --bdn-tables "$WORK/bdn-tables.md"
  --load-before "${load_before//_/ }" --commit "$commit" --sdk "$(dotnet --version)")
[ "$DOC" = "-" ] || report_args+=(--doc "$DOC")
"${BENCH[@]}" policy-report "${report_args[@]}"
[ "$DOC" = "-" ] || log "wrote the policy section of $DOC"
