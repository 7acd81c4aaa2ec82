"""Writes of karier: one module per area."""
