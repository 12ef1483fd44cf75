"""Tests of core/annotate: anchoring, annotations, W3C."""
