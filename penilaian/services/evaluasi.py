"""penilaian services: evaluasi."""
