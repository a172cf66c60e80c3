"""Sizes of the render benchmark's pages (bench/servers.py serves them,
bench/render.py checks that everything arrived)."""

TABLE_ROWS = 10_000
TEXTS = 5_000
