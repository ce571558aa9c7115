"""Benchmarks: bench_server.py (`make bench`), bench_generation.py, load.py."""
