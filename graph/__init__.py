"""The graph: settings, SHACL validation and the versioned on-disk store (the source of truth)."""
