"""Passages anchored in a copy's annotatable text: anchoring, the annotatable text itself,
annotations and their W3C Web Annotation form.

May import: store, text, library, export
"""
