"""The GUI fixtures (a window on the corpus, no blocking dialogs) for the first-hour tests."""

from tests.gui.conftest import (_no_blocking_dialogs, _site_sections_shown,  # noqa: F401
                                corpus_window, empty_window, wait_for_import)
