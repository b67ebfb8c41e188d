"""The demo portal's notices (data files: the timeline and the texts)."""
