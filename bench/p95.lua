-- wrk: print the 95th percentile latency (microseconds) after the run
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\n", latency:percentile(95)))
end
