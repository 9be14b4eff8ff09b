"""Entity lookup for intranet systems: /entities/{id}, listings and /id/ redirects."""
