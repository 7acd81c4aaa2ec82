"""pelatihan forms, one module per area."""
