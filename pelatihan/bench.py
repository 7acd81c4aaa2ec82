"""Benchmarks of pelatihan, one module per area (each registers its measurements on import)."""

from . import bench_alokasi, bench_kebutuhan, bench_mentoring

__all__ = ["bench_alokasi", "bench_kebutuhan", "bench_mentoring"]
