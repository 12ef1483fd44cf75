"""Panels the main window is composed of."""
