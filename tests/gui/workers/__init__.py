"""Tests of gui/workers."""
