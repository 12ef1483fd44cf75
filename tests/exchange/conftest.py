"""The exchange tests use the export tests' annotated corpus and its exported bundle."""

from tests.export.conftest import annotated_archive, exported  # noqa: F401
