"""Writes of the learning app: blueprints, routes and prior learning (one module each)."""
