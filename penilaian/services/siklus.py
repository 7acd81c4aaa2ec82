"""penilaian services: siklus."""
