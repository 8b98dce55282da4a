"""Use cases, written once and called by both the REST API and the Reflex pages."""
