"""penilaian selectors: siklus."""
