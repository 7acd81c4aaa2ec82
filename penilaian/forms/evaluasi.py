"""penilaian forms: evaluasi."""
