"""Tests of core/search: ranked search and its cap."""
