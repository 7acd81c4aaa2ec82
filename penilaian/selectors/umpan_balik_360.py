"""penilaian selectors: umpan_balik_360."""
