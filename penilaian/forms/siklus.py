"""penilaian forms: siklus."""
