"""penilaian services: umpan_balik_360."""
