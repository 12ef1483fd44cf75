"""Tests of core/importing: the importer, bad input, bulk imports, versions, region corrections."""
