#!/usr/bin/env bash
# Transaction-token minting cost per gateway call against one ES256 signature, in one BenchmarkDotNet run
# (bench/Rein.Benchmarks TransactionTokenBenchmarks: wall clock and thread CPU time), and writes the "txn" section of
# docs/benchmarks.md with the machine, its load and the method. In-process, no network, a few minutes at most.
#
#   bench/run-txn.sh
#
# Knobs (environment):
#   REIN_BENCH_TIME_LIMIT=900   the whole script, seconds
#   REIN_BENCH_DOC=docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

TIME_LIMIT=${REIN_BENCH_TIME_LIMIT:-900}
DOC=${REIN_BENCH_DOC:-docs/benchmarks.md}
START=$SECONDS
log() { echo "bench: [$((SECONDS - START))s] $*"; }
die() { echo "bench: $*" >&2; exit 1; }
remaining() {
  local left=$((TIME_LIMIT - (SECONDS - START)))
  [ "$left" -gt 5 ] || die "time limit of ${TIME_LIMIT}s reached"
  echo "$left"
}
command -v perl >/dev/null || die "perl is not installed (Debian: apt-get install perl)"
[ -f "$DOC" ] || die "$DOC not found"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rein-txnbench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

log "building Release"
timeout "$(remaining)" dotnet build -c Release --disable-build-servers -nologo -v quiet bench/Rein.Benchmarks >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "build failed"; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "BenchmarkDotNet TransactionTokenBenchmarks (load average $LOAD_BEFORE)"
(cd "$WORK" && timeout "$(remaining)" dotnet "$OLDPWD/bench/Rein.Benchmarks/bin/Release/net10.0/rein-benchmarks.dll" \
    txn --artifacts "$WORK/bdn") >"$WORK/bdn.log" 2>&1 || { tail -n 30 "$WORK/bdn.log"; die "BenchmarkDotNet failed"; }
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
REPORT=$(ls "$WORK"/bdn/results/*-report-github.md 2>/dev/null | head -n 1) || true
[ -n "$REPORT" ] || die "BenchmarkDotNet wrote no report"
sed -n '/^|/p' "$REPORT"

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD -- src bench 2>/dev/null; then COMMIT="$COMMIT + uncommitted changes"; fi
export REPORT DOC COMMIT LOAD_BEFORE LOAD_AFTER
export WHEN=$(date -u '+%Y-%m-%d %H:%M UTC')
export CPU=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
export CORES=$(nproc)
export MEMORY=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
export OS=$(. /etc/os-release && echo "$PRETTY_NAME"), KERNEL=$(uname -r)
export SDK=$(dotnet --version) RUNTIME=$(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -n 1)
export OPENSSL=$(openssl version 2>/dev/null || echo unknown)

perl bench/txn-report.pl "$DOC"
log "wrote the txn section of $DOC"
