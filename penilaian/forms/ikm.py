"""penilaian forms: ikm."""
