"""What every view of the app builds on: source text shown as text, the one way to choose
files, error dialogs, icons, settings, the signal hub, undo, the Qt libraries check.
"""
