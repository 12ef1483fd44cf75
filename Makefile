# Palmyra Archive: `make run` starts the app, `make test` runs the checks and every test.
# Both set up a virtual environment from pyproject.toml first (only when it changed).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run lint test test-fast bench package package-check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/palmyra-archive

# ruff and mypy, configured in pyproject.toml: seconds, so they run first and fail early.
lint: setup
	$(VENV)/bin/ruff check palmyra_archive tests benchmarks
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# The checks and the tests that open no widget and are not marked slow (a few minutes).
test-fast: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -m "not gui and not slow"

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run_all.py

# The one-folder desktop app in dist/palmyra-archive/ (packaging/README.md).
package: setup
	$(PY) -m pip install --quiet -e '.[package]'
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/palmyra-archive.spec

# Build the app, then run it offscreen with a fresh HOME: import, list, GUI start, newer archive.
package-check: package
	$(PY) packaging/smoke_test.py dist/palmyra-archive/palmyra-archive

clean:
	rm -rf $(VENV) build dist *.egg-info
