"""Writes of the networks app; each service owns its transaction and its audit entry."""
