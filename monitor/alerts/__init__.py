"""Alert channels (one module per channel, a registry keyed by config name) and routing."""
