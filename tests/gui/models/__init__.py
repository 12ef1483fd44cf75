"""Tests of gui/models."""
