"""Benchmarks of pelatihan: kebutuhan (registered with common.bench)."""
