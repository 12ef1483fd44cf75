"""Dialogs: metadata editor, import summary."""
