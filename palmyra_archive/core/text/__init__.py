"""Text made inert or visible: escaping for every HTML and Markdown file the app writes, safe
rendering of notes, and characters that print nothing or reorder a line. Pure functions.

May import: nothing
"""
