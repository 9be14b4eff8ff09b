"""The graph: settings, SHACL validation and the versioned on-disk store (the one source of truth)."""
