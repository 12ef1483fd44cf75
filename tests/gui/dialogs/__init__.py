"""Tests of gui/dialogs."""
