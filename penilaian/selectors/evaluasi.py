"""penilaian selectors: evaluasi."""
