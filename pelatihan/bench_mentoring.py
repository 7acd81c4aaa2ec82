"""Benchmarks of pelatihan: mentoring (registered with common.bench)."""
