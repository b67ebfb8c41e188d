"""Tables: state (to be written)."""
