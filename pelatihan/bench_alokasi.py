"""Benchmarks of pelatihan: alokasi (registered with common.bench)."""
