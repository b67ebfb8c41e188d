"""Tables: tables (to be written)."""
