"""penilaian selectors: kalibrasi."""
