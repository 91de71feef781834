-- One phase of bench/load.py: cycles through the requests listed in the file named by GOVHALL_BENCH_REQUESTS
-- (one per line: METHOD PATH [BODY_FILE]), with `Authorization: Bearer $GOVHALL_BENCH_TOKEN` when set, and prints
-- wrk's summary as one JSON line for the driver to read.

local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_number", thread_number)
end

local prepared = {}
local next_index = 0

function init(args)
  local token = os.getenv("GOVHALL_BENCH_TOKEN")
  for line in io.lines(os.getenv("GOVHALL_BENCH_REQUESTS")) do
    local method, path, body_file = line:match("^(%S+)%s+(%S+)%s*(%S*)$")
    if method then
      local headers = {}
      if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
      local body = nil
      if body_file ~= "" then
        local file = assert(io.open(body_file, "rb"))
        body = file:read("*a")
        file:close()
        headers["Content-Type"] = "application/json"
      end
      prepared[#prepared + 1] = wrk.format(method, path, headers, body)
    end
  end
  -- Each thread starts at its own place in the list, so two threads do not ask for the same thing in step.
  next_index = ((thread_number or 1) - 1) * math.floor(#prepared / 2)
end

function request()
  next_index = next_index % #prepared + 1
  return prepared[next_index]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
