"""penilaian forms: kalibrasi."""
