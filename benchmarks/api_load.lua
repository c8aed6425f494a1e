-- The load for bench_api_load.py, run by wrk:
--   wrk -s api_load.lua URL -- MODE COUNT PREFIX TOKEN PORT POOL_FILE RATE
-- MODE is healthz (GET /healthz), document (POST a crossing naming a known document) or mrz
-- (POST a crossing with the document's MRZ). Every POST has its own idempotency key.
--
-- A fixed number of requests: wrk has no request count of its own, so delay(), which wrk asks
-- before every request, hands out the quota and then parks each connection; the answer that
-- completes the quota prints QUOTA-DONE, on which the parent stops wrk with SIGINT. No request is
-- left half-done, so the database holds exactly one row per 201 answer. Sends are counted in
-- delay(), not request(): wrk calls request() once more on its own, to validate it.
--
-- RATE > 0 paces the sends to RATE per second overall (an open schedule, as desks send whether or
-- not the server kept up); 0 sends as fast as the connections free up.

local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } orderly_timespec;
  int clock_gettime(int clock, orderly_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("orderly_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode, limit, prefix, token, port = args[1], tonumber(args[2]), args[3], args[4], args[5]
  rate = tonumber(args[7] or "0")
  docs, mrzs = {}, {}
  if args[6] and args[6] ~= "" then
    for line in io.lines(args[6]) do
      local doc, mrz = line:match("^([^|]+)|(.*)$")
      table.insert(docs, doc)
      table.insert(mrzs, mrz)
    end
  end
  quota, keys, answered, created, failed = 0, 0, 0, 0, 0
  directions = {}
  -- As behind the TLS proxy in production, where ORDERLY_HTTPS=true expects this header.
  wrk.headers["X-Forwarded-Proto"] = "https"
  if mode ~= "healthz" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function delay()
  if quota >= limit then return 3600000 end
  quota = quota + 1
  if rate > 0 then
    started = started or now_ms()
    local wait = started + (quota - 1) * 1000 / rate - now_ms()
    if wait >= 1 then return math.floor(wait) end
  end
  return 0
end

function request()
  keys = keys + 1
  if mode == "healthz" then return wrk.format("GET", "/healthz") end
  local i = (keys + id * 7919) % #docs + 1
  local key = string.format("%s-%d-%08d", prefix, id, keys)
  local who
  if mode == "mrz" then
    who = string.format('"mrz":"%s"', mrzs[i])
  else
    who = string.format('"document_id":"%s"', docs[i])
  end
  -- Each traveller enters, then leaves, then enters again: the desk's everyday flow, in which
  -- an exit closes the stay its entry opened.
  local direction = (directions[i] == "entry") and "exit" or "entry"
  directions[i] = direction
  local body = string.format(
    '{"idempotency_key":"%s","port":"%s","direction":"%s",%s}', key, port, direction, who)
  return wrk.format(nil, "/api/v1/crossings", nil, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status == 201 or (mode == "healthz" and status == 200) then
    created = created + 1
  else
    failed = failed + 1
  end
  if answered == limit then
    io.write("QUOTA-DONE\n")
    io.stdout:flush()
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("created")
    bad = bad + t:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"answers":%d,"ok":%d,"failed":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,' ..
    '"p99_us":%d,"max_us":%d,"mean_us":%.1f,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d}\n',
    summary.requests, ok, bad, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout))
end
