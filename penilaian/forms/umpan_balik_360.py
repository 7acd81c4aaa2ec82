"""penilaian forms: umpan_balik_360."""
