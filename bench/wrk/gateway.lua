-- GETs one gateway (or baseline proxy) path for bench/run-gateway.sh and counts responses by status.
--
--   wrk ... -s bench/wrk/gateway.lua URL -- PATH [AUTHORIZATION [PROOFS_FILE]]
--
-- AUTHORIZATION ("-" for none) is sent on every request, e.g. "Bearer <token>" (one token reused: the cached
-- validation path) or "DPoP <token>". With PROOFS_FILE (from `rein-gatewaybench prep`), every request also carries
-- the next single-use DPoP proof from it, each sent exactly once; the thread stops when the pool runs out.
-- done() prints one line "wrk-json: {...}": responses by status, the window from first request to last response,
-- whether the pool ran out, and latency percentiles. Use one wrk thread with a proofs file.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } rein_gw_timespec;
  int clock_gettime(int clock_id, rein_gw_timespec *tp);
]]
local timespec = ffi.new("rein_gw_timespec")
local function now_us()
  ffi.C.clock_gettime(1, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local path, headers, proofs, fixed
local next_index = 1
local ok, other = 0, 0

function init(args)
  path = args[1] or error("gateway.lua: pass the path after --")
  headers = {}
  if args[2] and args[2] ~= "-" then headers["Authorization"] = args[2] end
  if args[3] then
    proofs = {}
    for line in io.lines(args[3]) do proofs[#proofs + 1] = line end
  else
    fixed = wrk.format("GET", path, headers)
  end
  exhausted = 0
  first_us = 0
  last_us = 0
end

function request()
  if first_us == 0 then first_us = now_us() end
  if fixed then return fixed end
  if next_index > #proofs then
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", path, headers)
  end
  headers["DPoP"] = proofs[next_index]
  proofs[next_index] = false
  next_index = next_index + 1
  return wrk.format("GET", path, headers)
end

function response(status, hdrs, body)
  last_us = now_us()
  if status == 200 then ok = ok + 1 else other = other + 1 end
  responses_200 = ok
  responses_other = other
end

function done(summary, latency, requests)
  local total_ok, total_other, first, last, ex = 0, 0, nil, 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + (t:get("responses_200") or 0)
    total_other = total_other + (t:get("responses_other") or 0)
    local f, l = t:get("first_us") or 0, t:get("last_us") or 0
    if f > 0 and (first == nil or f < first) then first = f end
    if l > last then last = l end
    ex = math.max(ex, t:get("exhausted") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'wrk-json: {"responses_200":%d,"responses_other":%d,"exhausted":%s,"window_us":%d,"socket_errors":%d,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    total_ok, total_other, ex == 1 and "true" or "false", (first and last > first) and (last - first) or 0,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
