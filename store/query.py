"""store.query (to be written)."""
