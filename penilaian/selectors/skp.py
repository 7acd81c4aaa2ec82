"""penilaian selectors: skp."""
