-- wrk script for bridge/bench/ingest.sh: every request POSTs one Yeastar S API v1.1.0 NewCdr report
-- (~330 bytes, the documented example) with a call id no other request uses, so every report is a
-- new record downstream. At the end it prints one machine-readable RESULT line.
local threads = {}
local counter = 0
-- `tid` is the global setup() gives each thread (thread:set); a local of the same name would shadow it, and
-- every thread would then post the same call ids (the bridge answers a repeated CDR without publishing it).

function setup(thread)
   thread:set("tid", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   counter = 0
end

local template = '{"action":"NewCdr","callid":"%s%d.%d","timestart":"2017-09-14 09:30:15","callfrom":"1000",'
   .. '"callto":"91000","desttrunkname":"Apple_test","callduraction":"29","talkduraction":"29",'
   .. '"status":"ANSWERED","type":"Outbound","pincode":"1000",'
   .. '"recording":"20170914093038-1505352615.274-1000-91000-Outbound.wav","sn":"3631A0000000"}'
local headers = { ["Content-Type"] = "application/json" }
local run = tostring(os.time())

function request()
   counter = counter + 1
   local body = string.format(template, run, tid, counter)
   return wrk.format("POST", wrk.path, headers, body)
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local failed = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
   io.write(string.format("RESULT requests=%d ok=%d failed=%d non2xx=%d seconds=%.3f p50_us=%d p99_us=%d max_us=%d\n",
      summary.requests, summary.requests - summary.errors.status, failed, summary.errors.status, seconds,
      latency:percentile(50), latency:percentile(99), latency.max))
end
