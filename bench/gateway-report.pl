#!/usr/bin/perl
# Writes the gateway section of docs/benchmarks.md (between its gateway:begin/end markers, appended if absent) from
# the results bench/run-gateway.sh exports as REIN_R_* variables. Called by that script only.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));

my $doc = shift or die "usage: gateway-report.pl DOC\n";
my %e = map { $_ => $ENV{"REIN_R_$_"} // '' } qw(DATE COMMIT NPROC CPU MEM OS DOTNET WRK LOAD_BEFORE LOAD_AFTER CLK VERIFY
  CONTAIN DURATION WARMUP WARMUP_MAX CONN N BDN RESULTS);
binmode STDIN, ':encoding(UTF-8)';
utf8::decode($e{$_}) for keys %e;

my %r;
for my $line (split /\n/, $e{RESULTS}) {
  my ($name) = $line =~ /^(\S+)/ or next;
  my %v = map { /^(\w+)=(\S+)$/ ? ($1 => $2) : () } split / /, $line;
  my ($p50) = $line =~ /"p50":(\d+)/; my ($p99) = $line =~ /"p99":(\d+)/;
  my ($sockerr) = $line =~ /"socket_errors":(\d+)/; my ($exh) = $line =~ /"exhausted":(\w+)/;
  $r{$name} = { ok => $v{ok}, other => $v{other}, window => $v{window_us}, ticks => $v{cpu_ticks}, p50 => $p50, p99 => $p99,
    sockerr => $sockerr, exhausted => $exh, warm => ($v{warm_rounds} // '') =~ s/,/, /gr, rps => $v{ok} / ($v{window_us} / 1e6),
    cpu => $v{cpu_ticks} * (1e6 / $e{CLK}) / $v{ok} };
}
my ($b, $n, $g, $dn, $d) = @r{qw(baseline bearer-notxn bearer dpop-notxn dpop)};
die "missing results\n" unless $b && $n && $g && $dn && $d;
sub yn { $_[0] ? '**yes**' : '**no**' }
sub n0 { my $x = sprintf '%.0f', $_[0]; 1 while $x =~ s/^(\d+)(\d{3})/$1,$2/; $x }
sub ms { sprintf '%.2f ms', $_[0] / 1000 }
# The 0.90 × and DPoP goals are for the gateway's own enforcement: the tools without transaction tokens. Minting one
# is an ES256 signature per call (see the transaction token section), reported beside them.
my $ratio = $n->{rps} / $b->{rps};
my $added = $n->{p99} - $b->{p99};
my $dpop_budget = $b->{cpu} + 1.3 * $e{VERIFY};
my ($c50) = $e{CONTAIN} =~ /"p50_us":(\d+)/; my ($c99) = $e{CONTAIN} =~ /"p99_us":(\d+)/;
my ($cmax) = $e{CONTAIN} =~ /"max_us":(\d+)/; my ($cbefore) = $e{CONTAIN} =~ /"refused_before_return":(\d+)/;
my ($citer) = $e{CONTAIN} =~ /"iterations":(\d+)/;
my $valid = 1;
$valid &&= $_->{other} <= 0.001 * $_->{ok} && $_->{sockerr} <= 0.001 * $_->{ok} for ($b, $n, $g, $dn, $d);

my %ns;
for my $row (split /\n/, $e{BDN}) {
  my @c = map { s/^\s+|\s+$//gr } split /\|/, $row;
  next unless @c > 2 && $c[1] =~ /^\w+_/ && $c[2] =~ /([\d.,]+)\s*ns/;
  ($ns{$c[1]} = $1) =~ s/,//g;
}
my @lookups = grep { /^(RevocationIndex|ValidatedTokenCache)/ } sort keys %ns;
my $lookups_ok = @lookups && !grep { $ns{$_} > 1000 } @lookups;

my ($l1) = split / /, $e{LOAD_BEFORE}; my ($l2) = split / /, $e{LOAD_AFTER};
my $loaded = ($l1 > 0.5 * $e{NPROC} || $l2 > 0.5 * $e{NPROC});
my $s = "<!-- gateway:begin — written by bench/run-gateway.sh; change the script, not this section -->\n";
$s .= "## Gateway: enforcement overhead and time to contain\n\n";
$s .= "The same tiny upstream behind a plain YARP route (no checks, the baseline) and behind `rein serve`'s gateway, with a\n";
$s .= "bearer JWT (one token reused: the validated-token cache) at a tool with `transaction_token: false` and at one that gets\n";
$s .= "a transaction token per call (one ES256 signature), and with DPoP (a fresh proof per request: one ES256 verify, the\n";
$s .= "token itself cached) at a tool without and one with transaction tokens. Goals (the gateway's own enforcement, so\n";
$s .= "measured at the tools without transaction tokens): bearer ≥ 0.90 × baseline throughput and ≤ 1 ms added p99; DPoP\n";
$s .= "CPU per request ≤ baseline + 1.3 × one ES256 verify; revocation lookup and cache hit ≤ 1 µs each.\n\n";
if ($loaded) {
  $s .= "> **Loaded machine.** Load average was $e{LOAD_BEFORE} before and $e{LOAD_AFTER} after the load tests on $e{NPROC} cores:\n";
  $s .= "> other work shared the CPUs, so throughput and latency are lower bounds and noisy. CPU per request is less sensitive\n";
  $s .= "> but still inflated. Re-run `bench/run-gateway.sh` on a quiet machine.\n\n";
}
$s .= "### Result ($e{DATE}, commit `$e{COMMIT}`)\n\n";
$s .= $valid ? '' : "> **Not valid:** more than 0.1 % non-200 responses or socket errors in a run (see the counts below).\n\n";
$s .= "| run | requests/s | p50 | p99 | server CPU µs/request | vs baseline |\n|---|---:|---:|---:|---:|---|\n";
$s .= sprintf "| baseline: plain YARP | %s | %s | %s | %.0f | |\n", n0($b->{rps}), ms($b->{p50}), ms($b->{p99}), $b->{cpu};
$s .= sprintf "| gateway, bearer (cached), no transaction token | %s | %s | %s | %.0f | %.2f × throughput, p99 %+.2f ms |\n", n0($n->{rps}), ms($n->{p50}), ms($n->{p99}), $n->{cpu}, $ratio, $added / 1000;
$s .= sprintf "| gateway, bearer (cached), transaction token | %s | %s | %s | %.0f | %.2f × throughput, p99 %+.2f ms |\n", n0($g->{rps}), ms($g->{p50}), ms($g->{p99}), $g->{cpu}, $g->{rps} / $b->{rps}, ($g->{p99} - $b->{p99}) / 1000;
$s .= sprintf "| gateway, DPoP, no transaction token | %s | %s | %s | %.0f | %.2f × throughput, p99 %+.2f ms |\n", n0($dn->{rps}), ms($dn->{p50}), ms($dn->{p99}), $dn->{cpu}, $dn->{rps} / $b->{rps}, ($dn->{p99} - $b->{p99}) / 1000;
$s .= sprintf "| gateway, DPoP, transaction token | %s | %s | %s | %.0f | %.2f × throughput, p99 %+.2f ms |\n\n", n0($d->{rps}), ms($d->{p50}), ms($d->{p99}), $d->{cpu}, $d->{rps} / $b->{rps}, ($d->{p99} - $b->{p99}) / 1000;
$s .= "| goal | measured | met |\n|---|---|:---:|\n";
$s .= sprintf "| bearer, no transaction token, ≥ 0.90 × baseline throughput | %.2f × | %s |\n", $ratio, yn($ratio >= 0.9);
$s .= sprintf "| bearer, no transaction token, p99 added ≤ 1 ms | %+.2f ms | %s |\n", $added / 1000, yn($added <= 1000);
$s .= sprintf "| DPoP, no transaction token, CPU/request ≤ baseline + 1.3 × ES256 verify | %.0f µs vs %.0f + 1.3 × %.1f = %.0f µs | %s |\n", $dn->{cpu}, $b->{cpu}, $e{VERIFY}, $dpop_budget, yn($dn->{cpu} <= $dpop_budget);
$s .= sprintf "| revocation lookup, cache hit ≤ 1 µs (BenchmarkDotNet) | %s | %s |\n", (@lookups ? join(', ', map { "$_ $ns{$_} ns" } @lookups) : 'not run'), @lookups ? yn($lookups_ok) : '—';
$s .= sprintf "| time to contain (revocation call returns → first 401), %d iterations | p50 %s, p99 %s (max %s) | measured |\n\n", $citer // 0, ms($c50 // 0), ms($c99 // 0), ms($cmax // 0);
for my $k (qw(baseline bearer-notxn bearer dpop-notxn dpop)) {
  my $x = $r{$k};
  $s .= sprintf "- %s: %s × 200 and %d other responses, %d socket errors in %.1f s%s; server CPU %.2f s.\n", $k, n0($x->{ok}), $x->{other}, $x->{sockerr}, $x->{window} / 1e6,
    $x->{exhausted} eq 'true' ? ' (the proof pool ran out: throughput over the window it lasted)' : '', $x->{ticks} / $e{CLK};
}
$s .= sprintf "- Time to contain: in %d of %d iterations the first 401 arrived before the revocation call had returned (counted as 0).\n\n", $cbefore // 0, $citer // 0;
$s .= "### Machine\n\n| | |\n|---|---|\n";
$s .= "| CPU | $e{CPU}, $e{NPROC} logical cores (`nproc`) |\n| memory | $e{MEM} |\n| OS | $e{OS} |\n";
$s .= "| .NET | $e{DOTNET}; server GC, tiered compilation and PGO on |\n| load average (1, 5, 15 min) | before: $e{LOAD_BEFORE}; after: $e{LOAD_AFTER} |\n| wrk | $e{WRK} |\n\n";
$s .= <<"MD";
### Method

`bench/run-gateway.sh` does all of this in one run (≤ 25 minutes, loopback only, and it stops what it started):

1. Builds Release: `src/Rein.Server` (through `bench/Rein.Benchmarks`), `bench/Rein.LoadPrep`, `bench/Rein.GatewayBench`.
2. BenchmarkDotNet `rein-benchmarks gateway` (`GatewayLookupBenchmarks`, in-process short run, table below):
   `RevocationIndex.IsRevoked` with 100,000 `jti` entries, a hit and a miss; `ValidatedTokenCache.TryGet` hit with the
   hash precomputed, and with the per-request SHA-256 of a 590-character token included (what the gateway pays per
   request). Baseline: a `FrozenDictionary<string, long>` lookup over 100,000 keys.
3. `rein-gatewaybench upstream`: a minimal Kestrel app on loopback answering 200 with a 2-byte body.
   `rein-gatewaybench proxy`: the baseline, `AddReverseProxy().LoadFromMemory` with one route to it, no checks.
   `rein serve` (Release, SQLite in a temp directory, its default logging and audit) with a generated config: tool
   `bearer` (`allow_bearer: true`, risk low), tool `bearer-notxn` (the same with `transaction_token: false`), tools
   `dpop` and `dpop-notxn` (risk low; the second with `transaction_token: false`), an agent with `require_dpop: false`
   for both bearer tools, an agent with DPoP for both DPoP tools, and an `admins:` client; throw-away keys. The
   `bearer` and `dpop` tools get a transaction token per forwarded call (the default).
4. One ES256 verify in CPU µs: `rein-loadprep floor` (raw `ECDsa`, one thread), in the same run.
5. `rein-gatewaybench prep`: an unbound token for each bearer tool (token requests without a DPoP proof), and for
   each DPoP tool a DPoP-bound token for the other agent and single-use proofs (`htu` = the exact gateway URL, `ath`,
   fresh `jti`) for it.
6. For each target the same wrk settings: warm-up rounds of $e{WARMUP} s (not counted) until the server's CPU per
   request settles within 5 % of the previous round or $e{WARMUP_MAX} s have gone (CPU µs per request by round —
   baseline: $b->{warm}; bearer without transaction token: $n->{warm}; bearer: $g->{warm}; DPoP without transaction
   token: $dn->{warm}; DPoP: $d->{warm}), then
   `wrk -t1 -c$e{CONN} -d$e{DURATION}s --latency` with `bench/wrk/gateway.lua`, which counts responses by status
   (the bearer runs reuse one `Authorization: Bearer` header each; the DPoP runs send each proof once). Order:
   baseline, bearer without transaction token, bearer, DPoP without transaction token, DPoP. Server CPU =
   utime + stime from `/proc/<pid>/stat` of the proxy (baseline) or `rein serve` (gateway) around the measured run,
   ÷ 200 responses. The upstream's CPU is the same in every run and not counted. wrk shares the cores.
7. Time to contain: `rein-gatewaybench contain` gets a `rein:admin` token with `Rein.Client` and calls the admin API
   through its DPoP handler. $e{N} times: a fresh DPoP token for the agent, one call to check it is served, then a loop
   of calls on one keep-alive connection (`Rein.Client` handler, a proof per call) while
   `POST /admin/v1/revocations {"subject":"jti:<jti>"}` is made; measured from that call returning to the first 401
   response received.

MD
$s .= "### Microbenchmarks (BenchmarkDotNet, same run)\n\n";
$s .= $e{BDN} ne '' ? "$e{BDN}\n" : "Not run (`REIN_BENCH_MICRO=0` or it failed).\n";
$s .= "<!-- gateway:end -->\n";

open my $in, '<', $doc or die "$doc: $!\n";
my $text = do { local $/; <$in> };
close $in;
if ($text =~ /<!-- gateway:begin.*?<!-- gateway:end -->\n?/s) {
  $text =~ s/<!-- gateway:begin.*?<!-- gateway:end -->\n?/$s/s;
} else {
  $text .= ($text =~ /\n\n$/ ? '' : "\n") . $s;
}
open my $out, '>', $doc or die "$doc: $!\n";
print $out $text;
close $out;
