"""Tests of gui/annotations."""
