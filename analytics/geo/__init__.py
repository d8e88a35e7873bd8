"""Boundaries: built at set-up from a registry package (never committed), and map helpers."""
