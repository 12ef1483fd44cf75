"""The layering: the core never imports Qt (it also serves the CLI and scripts on machines with no
display), the GUI has no SQL, and each core subpackage imports only what its docstring allows."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import palmyra_archive

PACKAGE = Path(palmyra_archive.__file__).parent


def core_modules() -> list[str]:
    names = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_core_never_imports_qt():
    modules = core_modules()
    assert len(modules) > 5
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + \
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\nprint(bad)\nassert not bad, bad\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr + result.stdout


def test_cli_without_subcommand_does_not_import_qt_for_commands():
    code = ("import sys\nfrom palmyra_archive.cli import build_parser\nbuild_parser()\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')]\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_gui_has_no_sql():
    offenders = []
    for path in (PACKAGE / "gui").rglob("*.py"):
        text = path.read_text("utf-8")
        for needle in ("import sqlite3", "sqlite_utils", ".execute(", "SELECT ", "INSERT INTO"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert not offenders, offenders


# -- each core subpackage imports only what its __init__ docstring allows -------------------------
#
# Every subpackage of core/ says in its __init__ docstring what it may import, on one line:
#     May import: store, text, ingest          (subpackages, or subpackage.module for one module)
#     May import: nothing
# A new subpackage (a feature's reuse/, exchange/) must add that line: the test says which.
# Every import counts, deferred ones too: an import inside a function is still a dependency.

CORE = PACKAGE / "core"
MAY_IMPORT = re.compile(r"^May import:\s*(.*)$", re.MULTILINE)


def core_subpackages() -> list[str]:
    return sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").is_file())


def declared(name: str) -> set[str] | None:
    """The entries of a subpackage's 'May import:' line (None when it has none)."""
    doc = ast.get_docstring(ast.parse((CORE / name / "__init__.py").read_text("utf-8"))) or ""
    found = MAY_IMPORT.search(doc)
    if not found:
        return None
    entries = {e.strip().rstrip(".") for e in found.group(1).split(",")}
    return set() if entries <= {"nothing", ""} else entries


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:`` (imports for annotations, never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    return skipped


def imported_modules(path: Path, *, run_only: bool = False) -> set[str]:
    """Absolute names of everything ``path`` imports (``from X import y`` gives X.y);
    ``run_only``: leave out what is imported under ``if TYPE_CHECKING:``."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = parts[:-1]          # a module's package; an __init__ is its own package's file
    out: set[str] = set()
    tree = ast.parse(path.read_text("utf-8"))
    skipped = _type_checking_only(tree) if run_only else set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] + (node.module or "").split(".")
                base = [b for b in base if b]
            else:
                base = (node.module or "").split(".")
            out.update(".".join(base + [alias.name]) if alias.name != "*" else ".".join(base)
                       for alias in node.names)
    return out


def violations(name: str, allowed: set[str]) -> list[str]:
    modules = {p.stem for p in CORE.glob("*.py")} | set(core_subpackages())
    found = []
    for path in sorted((CORE / name).rglob("*.py")):
        for target in sorted(imported_modules(path)):
            bits = target.split(".")
            if bits[:2] == ["palmyra_archive", "gui"] or bits[:2] == ["palmyra_archive", "cli"]:
                found.append(f"{path.relative_to(CORE)} imports {target}")
            if bits[:2] != ["palmyra_archive", "core"] or len(bits) < 3 or bits[2] == name:
                continue
            if bits[2] not in modules:
                continue          # a name imported from core/__init__, not a module
            room, module = bits[2], ".".join(bits[2:4])
            if room not in allowed and module not in allowed:
                found.append(f"{path.relative_to(CORE)} imports {'.'.join(bits[2:])}")
    return sorted(set(found))


def test_every_core_subpackage_says_what_it_may_import():
    names = core_subpackages()
    assert {"store", "ingest", "importing", "library", "search", "annotate", "export"} <= set(names)
    missing = [n for n in names if declared(n) is None]
    assert not missing, (f"core/{missing[0]}/__init__.py: add a line 'May import: …' to its docstring "
                         "(the subpackages it may import, or 'nothing')")
    known = set(names) | {p.stem for p in CORE.glob("*.py")} - {"__init__"}   # rooms, and core/archive.py
    for name in names:
        unknown = {e.split(".")[0] for e in declared(name)} - known
        assert not unknown, f"core/{name}/__init__.py may import {sorted(unknown)}: no such subpackage"


@pytest.mark.parametrize("name", core_subpackages())
def test_core_subpackage_imports_only_what_it_declares(name):
    allowed = declared(name)
    if allowed is None:
        pytest.fail(f"core/{name}/__init__.py has no 'May import:' line")
    bad = violations(name, allowed)
    assert not bad, f"core/{name} may import {sorted(allowed) or 'nothing'}, but: " + "; ".join(bad)


def test_the_layering_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    """The walk finds relative, absolute and deferred imports (else the tests above prove nothing)."""
    fake = tmp_path / "palmyra_archive"
    for room, doc, code in (("store", "May import: nothing", "def f():\n    from ..library import tags\n"),
                            ("library", "May import: store", "import palmyra_archive.core.search.x\n"),
                            ("search", "May import: store.paths", "from ..store.db import connect\n")):
        (fake / "core" / room).mkdir(parents=True)
        (fake / "core" / room / "__init__.py").write_text(f'"""Room.\n\n{doc}\n"""\n', "utf-8")
        (fake / "core" / room / "x.py").write_text(code, "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    monkeypatch.setattr(sys.modules[__name__], "CORE", fake / "core")
    assert violations("store", declared("store")) == ["store/x.py imports library.tags"]
    assert violations("library", declared("library")) == ["library/x.py imports search.x"]
    assert violations("search", declared("search")) == ["search/x.py imports store.db.connect"]
    assert declared("store") == set() and declared("search") == {"store.paths"}


# -- no import cycles among the core's modules ----------------------------------------------------

def core_import_graph() -> dict[str, set[str]]:
    """module -> the core modules it imports when it runs (deferred imports count)."""
    modules = {}
    for path in CORE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_modules(path, run_only=True):
            bits = imported.split(".")
            for end in range(len(bits), 2, -1):   # the longest prefix that is a module
                if ".".join(bits[:end]) in modules:
                    targets.add(".".join(bits[:end]))
                    break
        graph[name] = targets - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_among_core_modules():
    """Two modules that need each other are one module in two files, or need a third: move what
    both need to the side that owns it (a deferred import only hides the cycle)."""
    graph = core_import_graph()
    assert len(graph) > 30
    assert cycles(graph) == []


def test_the_cycle_check_sees_a_deferred_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
