"""mypy's excused list (``ignore_errors`` in pyproject.toml) is empty (#17): the core and the GUI
are type-clean all through, so no module may be excused again."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def excused_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return [module for override in config["tool"]["mypy"].get("overrides", [])
            if override.get("ignore_errors") for module in override["module"]]


def test_no_module_is_excused_from_type_checking():
    ours = [m for m in excused_modules() if m.startswith("palmyra_archive")]
    assert ours == [], f"type-check these instead of excusing them: {ours}"


def test_every_excused_module_exists():
    for module in excused_modules():
        path = ROOT / Path(*module.split("."))
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), module
