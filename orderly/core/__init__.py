"""Core: actors and roles, permissions within a jurisdiction, and the append-only audit trail."""
