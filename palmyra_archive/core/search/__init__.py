"""Finding articles: the query syntax, ranked hits with their cap, and the library's filters
and sorts.

May import: store, text
"""
