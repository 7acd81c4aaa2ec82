"""Forms of karier: one module per area."""
