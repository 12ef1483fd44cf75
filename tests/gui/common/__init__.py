"""Tests of gui/common."""
