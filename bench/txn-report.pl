#!/usr/bin/perl
# Writes the txn section of docs/benchmarks.md (between its txn:begin/end markers, appended if absent) from the
# BenchmarkDotNet report and machine facts bench/run-txn.sh exports. Called by that script only.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));

my $doc = shift or die "usage: txn-report.pl DOC\n";
my %e = map { $_ => $ENV{$_} // '' } qw(REPORT COMMIT LOAD_BEFORE LOAD_AFTER WHEN CPU CORES MEMORY OS KERNEL SDK RUNTIME OPENSSL);
utf8::decode($e{$_}) for keys %e;

open my $in, '<', $e{REPORT} or die "cannot read $e{REPORT}: $!\n";
my @rows = grep { /^\|/ } map { s/&#39;/'/gr =~ s/&quot;/"/gr } <$in>;
close $in;
chomp @rows;
die "the report has no table\n" unless @rows > 2;

# The verdict: each minting benchmark's mean ratio to the ES256 baseline, per clock (the Job column).
my @head = map { s/^\s+|\s+$//gr } split /\|/, $rows[0];
my %col; @col{@head} = (0 .. $#head);
my @verdicts;
for my $row (@rows[2 .. $#rows]) {
  my @c = map { s/^\s+|\s+$//gr } split /\|/, $row;
  next unless defined $c[$col{Method}] && $c[$col{Method}] =~ /txn token/;
  (my $method = $c[$col{Method}]) =~ s/^'|'$//g;
  my $ok = $c[$col{Ratio}] <= 1.10 ? 'yes' : '**no**';
  my $clock = $c[$col{Job}] eq 'ThreadCpu' ? 'thread CPU time' : 'wall clock';
  push @verdicts, "| $method | $clock | $c[$col{Mean}] | $c[$col{Median}] | $c[$col{Ratio}] ± $c[$col{RatioSD}] | $ok |";
}
my $table = join "\n", @rows;
my $verdict = join "\n", @verdicts;

my $section = <<"END";
<!-- txn:begin — written by bench/run-txn.sh; change the script, not this section -->
## Gateway: a transaction token per call

The gateway mints one transaction token (`typ txntoken+jwt`, ES256) for every call it forwards. Goal: the whole
per-call cost — building the request from the validated access token, formatting the client address, the key lookup,
writing the claims, base64url and the signature — at most **one ES256 signature + 10 %** (ratio ≤ 1.10).

> **Loaded machine.** Load average was $e{LOAD_BEFORE} before and $e{LOAD_AFTER} after this run on $e{CORES} cores:
> other work shared the CPUs. Wall-clock times also count the time other processes held the core; the thread-CPU-time
> job counts only the benchmark thread's own CPU time, but contention for caches still inflates it, and by a varying
> amount from one benchmark to the next. On this machine ratios moved by a tenth or more between runs; read them
> with their RatioSD, and re-run `bench/run-txn.sh` on a quiet machine.

### Result ($e{WHEN}, commit `$e{COMMIT}`)

| benchmark | clock | mean | median | ratio to one ES256 sign (± SD) | ≤ 1.10 |
|---|---|---:|---:|---:|:---:|
$verdict

BenchmarkDotNet, same run:

$table

### Machine

| | |
|---|---|
| CPU | $e{CPU}, $e{CORES} logical cores (`nproc`) |
| memory | $e{MEMORY} |
| OS | $e{OS}, kernel $e{KERNEL} |
| .NET | SDK $e{SDK}, runtime $e{RUNTIME}; workstation GC, tiered compilation and PGO on |
| OpenSSL | $e{OPENSSL} |
| load average (1, 5, 15 min) | before: $e{LOAD_BEFORE}; after: $e{LOAD_AFTER} |

### Method

`bench/run-txn.sh` builds Release and runs `rein-benchmarks txn`: `TransactionTokenBenchmarks` in-process, 1 launch,
5 warm-up and 40 measured iterations of 2,048 calls, twice — once timed by the wall clock, once by the CPU time of the
benchmark thread (`CLOCK_THREAD_CPUTIME_ID`, `bench/Rein.Benchmarks/ThreadCpuClock.cs`).

- **Baseline**: one ES256 signature with raw `ECDsa.TrySignData` (P-256, IEEE P1363) over a signing input exactly as
  long as a real transaction token's.
- **txn token per gateway call**: what `GatewayEnforcement` does per forwarded call, line for line:
  `TransactionTokenRequest.For` from a validated access token (the `txn` cut from the `traceparent`, the client address
  formatted from an IPv4-mapped address, `authn` `dpop`), then `TransactionTokenIssuer.TryIssue` — the real issuer over
  a real key ring on a throw-away SQLite store read at setup only: signing-key lookup, claims written straight to UTF-8
  by `JwtWriter` (no JSON document, no LINQ; the header encoded once per key), base64url, one ES256 signature, the
  token string.
- **delegated**: the same for an access token acting for a person through a two-hop `act` chain, with grant and
  approval ids: a larger `tctx` to write, a longer input to hash.

`Allocated` is per call; the token string is most of it.
<!-- txn:end -->
END

open my $fh, '<', $doc or die "cannot read $doc: $!\n";
my $text = do { local $/; <$fh> };
close $fh;
$text =~ s/<!-- txn:begin.*?<!-- txn:end -->\n/$section/s or $text .= "\n$section";
open my $out, '>', $doc or die "cannot write $doc: $!\n";
print $out $text;
close $out;
