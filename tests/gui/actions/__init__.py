"""Tests of gui/actions."""
