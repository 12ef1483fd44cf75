"""Tests of core/text: hostile markup made inert."""
