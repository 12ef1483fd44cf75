"""Tests of the project as a whole: layering, packaging, the version."""
