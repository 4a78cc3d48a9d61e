-- Replays pre-built token requests (client credentials + private_key_jwt + DPoP) against POST /oauth/token, each
-- exactly once: every request carries a single-use client assertion and a single-use DPoP proof, so sending one twice
-- would measure the replay check, not token issuance.
--
--   wrk -t1 -c16 -d20s --latency -s bench/wrk/token.lua http://127.0.0.1:PORT -- requests.tsv [threads]
--
-- requests.tsv comes from `rein-loadprep requests`: one request per line, "<DPoP proof>\t<form body>". With several
-- wrk threads (pass the same number as -t), thread k sends lines k, k+threads, k+2*threads, ...
-- done() prints one line "wrk-json: {...}" for bench/run-broker.sh: responses by status, the wall-clock window from
-- the first request to the last response, wrk's own CPU time after loading the pool, latency percentiles, and
-- whether the pool ran out.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } rein_timespec;
  int clock_gettime(int clock_id, rein_timespec *tp);
]]
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } rein_timeval;
  typedef struct { rein_timeval ru_utime; rein_timeval ru_stime; long ru_other[14]; } rein_rusage;
  int getrusage(int who, rein_rusage *usage);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("rein_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

-- wrk's own CPU time (user + system, all its threads), so the time spent loading the pool can be left out.
local rusage = ffi.new("rein_rusage")
local function process_cpu_us()
  ffi.C.getrusage(0, rusage)
  return tonumber(rusage.ru_utime.tv_sec + rusage.ru_stime.tv_sec) * 1000000 + tonumber(rusage.ru_utime.tv_usec + rusage.ru_stime.tv_usec)
end

-- Main state: one entry per thread, read back in done().
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Thread state.
local pool = {}
local next_index = 1
local ok, non200, statuses = 0, 0, {}

function init(args)
  local file = args[1] or error("token.lua: pass the requests file after --")
  local thread_count = tonumber(args[2] or "1")
  local line_number = 0
  for line in io.lines(file) do
    if line_number % thread_count == id then
      local tab = line:find("\t", 1, true)
      pool[#pool + 1] = wrk.format("POST", "/oauth/token", {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["DPoP"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
    end
    line_number = line_number + 1
  end
  pool_size = #pool
  exhausted = 0
  first_us = 0
  last_us = 0
  cpu_after_init_us = process_cpu_us()
end

function request()
  if next_index > #pool then
    -- Out of fresh requests: stop, rather than send a replay that would be refused and skew the numbers.
    exhausted = 1
    wrk.thread:stop()
    return pool[#pool]
  end
  if first_us == 0 then
    first_us = now_us()
  end
  local r = pool[next_index]
  pool[next_index] = false -- each request is sent once; let its memory go
  next_index = next_index + 1
  return r
end

function response(status, headers, body)
  last_us = now_us()
  if status == 200 then
    ok = ok + 1
  else
    non200 = non200 + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
  -- Globals are what thread:get() can read from the main state in done().
  responses_200 = ok
  responses_other = non200
  local parts = {}
  for s, n in pairs(statuses) do
    parts[#parts + 1] = string.format('"%d":%d', s, n)
  end
  other_statuses = "{" .. table.concat(parts, ",") .. "}"
  sent = next_index - 1
end

function done(summary, latency, requests)
  local total_ok, total_other, total_sent, total_pool, any_exhausted = 0, 0, 0, 0, 0
  local first, last, cpu_start = nil, 0, 0
  local other = {}
  for _, t in ipairs(threads) do
    total_ok = total_ok + (t:get("responses_200") or 0)
    total_other = total_other + (t:get("responses_other") or 0)
    total_sent = total_sent + (t:get("sent") or 0)
    total_pool = total_pool + (t:get("pool_size") or 0)
    any_exhausted = math.max(any_exhausted, t:get("exhausted") or 0)
    local f, l = t:get("first_us") or 0, t:get("last_us") or 0
    if f > 0 and (first == nil or f < first) then first = f end
    if l > last then last = l end
    cpu_start = math.max(cpu_start, t:get("cpu_after_init_us") or 0)
    other[#other + 1] = t:get("other_statuses") or "{}"
  end
  local window = (first ~= nil and last > first) and (last - first) or 0
  local e = summary.errors
  io.write(string.format(
    'wrk-json: {"responses_200":%d,"responses_other":%d,"other_statuses":%s,"sent":%d,"pool":%d,"exhausted":%s,' ..
    '"duration_us":%d,"window_us":%d,"requests":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"status_errors":%d,"wrk_cpu_us":%d,"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    total_ok, total_other, "[" .. table.concat(other, ",") .. "]", total_sent, total_pool,
    any_exhausted == 1 and "true" or "false", summary.duration, window, summary.requests,
    e.connect, e.read, e.write, e.timeout, e.status, process_cpu_us() - cpu_start,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
