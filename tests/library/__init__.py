"""Tests of core/library: articles, tags, notes, collections."""
