"""store.ingest (to be written)."""
