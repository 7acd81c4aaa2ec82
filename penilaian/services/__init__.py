"""penilaian services, one module per area: periode, skp, evaluasi, umpan_balik_360, ikm, siklus, kalibrasi."""
