"""penilaian services: skp."""
