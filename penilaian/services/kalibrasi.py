"""penilaian services: kalibrasi."""
