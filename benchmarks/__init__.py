"""Benchmarks: load, page queries, the pandas way, memory, restart and concurrent sessions, from the sample to 10M rows."""
