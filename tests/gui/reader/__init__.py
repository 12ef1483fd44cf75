"""Tests of gui/reader."""
