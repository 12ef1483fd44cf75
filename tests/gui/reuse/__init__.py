"""Tests of gui/reuse."""
