"""penilaian services: ikm."""
