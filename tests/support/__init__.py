"""Helpers shared by the live-server tests and the load and scale benches (no tests here)."""
