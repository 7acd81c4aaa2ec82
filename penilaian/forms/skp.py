"""penilaian forms: skp."""
