"""Tests of the command line (palmyra_archive/cli)."""
