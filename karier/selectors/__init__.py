"""Reads of karier: one module per area."""
