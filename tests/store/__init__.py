"""Tests of core/store: schema and migrations, integrity checks."""
