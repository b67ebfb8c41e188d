"""store.diff (to be written)."""
