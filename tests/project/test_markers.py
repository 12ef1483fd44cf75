"""`make test-fast` (`-m "not gui and not slow"`) must not run a test that opens a widget: the
``gui`` marker is set by tests/conftest.py from the folder and the fixtures, not by hand."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _collected(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
                             *args], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode in (0, 5), result.stdout + result.stderr   # 5: every test deselected
    return {line.split("::")[-1] for line in result.stdout.splitlines() if "::" in line}


def test_a_test_using_qtbot_outside_tests_gui_is_marked_gui():
    # tests/search/test_search_cap.py has core tests and one panel test that takes qtbot
    everything = _collected("tests/search/test_search_cap.py")
    without_gui = _collected("tests/search/test_search_cap.py", "-m", "not gui")
    assert "test_the_search_panel_says_when_results_are_capped" in everything
    assert "test_the_search_panel_says_when_results_are_capped" not in without_gui
    assert without_gui and without_gui < everything


def test_every_test_in_tests_gui_is_marked_gui():
    assert _collected("tests/gui/widgets/test_sidebar.py")
    assert not _collected("tests/gui/widgets/test_sidebar.py", "-m", "not gui")
