"""penilaian selectors: ikm."""
