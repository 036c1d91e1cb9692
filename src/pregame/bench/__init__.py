"""`pregame bench`: indexing throughput, query latency, re-index time and peak memory."""
