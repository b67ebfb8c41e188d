"""store.identity (to be written)."""
