"""Helpers shared by the tests of every folder (fixtures themselves live in tests/conftest.py)."""
