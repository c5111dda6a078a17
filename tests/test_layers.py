"""The layers of the package, held by a walk of every import (see README, "Layout").

domain -> store -> importing -> services -> ui / pages / command line: arrows only point down.
Each failure names the module, what it imports and the arrow that rule forbids.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT


@dataclass(frozen=True)
class Rule:
    layer: str
    modules: tuple[str, ...]  # module name prefixes of the layer
    allowed: tuple[str, ...] | None  # prefixes of ours it may import (None: anything of ours not forbidden)
    forbidden: tuple[str, ...]  # prefixes (ours or third-party) it must never import


# Words come from the catalogue at the edge (services, screens, command line): the layers below only
# speak in codes and values, so they never import the catalogue.
WORDS = "prospects.i18n"

RULES = (
    Rule("domain", ("prospects.domain",), ("prospects.domain", "prospects.errors"), ("streamlit", "duckdb", WORDS)),
    Rule("store", ("prospects.store",), ("prospects.store", "prospects.domain", "prospects.errors", "prospects.config"),
         ("streamlit", WORDS)),
    Rule("importing", ("prospects.importing",), ("prospects.importing", "prospects.domain", "prospects.errors",
                                                 "prospects.config"), ("streamlit", "duckdb", WORDS)),
    Rule("services", ("prospects.services",), None, ("streamlit", "prospects.ui", "pages", "prospects.cli")),
    Rule("ui", ("prospects.ui", "pages", "app", "prospects.cli", "prospects.serve"), None,
         ("prospects.store", "duckdb")),
    Rule("leaf", ("prospects.errors", "prospects.config"), ("prospects.errors", "prospects.i18n"), ("streamlit",)),
    Rule("leaf", ("prospects.i18n",), ("prospects.i18n", "prospects.errors", "prospects.domain.models"), ("streamlit",)),
)

# Source patterns that only the store and the unit of work may contain, and calls screens never make.
TRANSACTION = re.compile(r"\.transaction\(\)|\.db\.write\(")
REPOSITORY_CALL = re.compile(
    r"\bstore\.(prospects|actions|contacts|imports|settings|stages|users|choices|categories|custom_fields|"
    r"board|analytics|agenda|exporting|backups|history|db)\.")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(root: Path) -> dict[str, Path]:
    files = [*sorted((root / "prospects").rglob("*.py")), *sorted((root / "pages").glob("*.py"))]
    if (root / "app.py").exists():
        files.append(root / "app.py")
    return {module_name(p, root): p for p in files}


def imports_of(path: Path, name: str, modules: set[str], top_level_only: bool = False) -> list[str]:
    """Every module `path` imports (ours resolved to the module, others to their top package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append(candidate if candidate in modules else base)
    return found


def violations(root: Path, rules: tuple[Rule, ...] = RULES) -> list[str]:
    files = source_files(root)
    ours = set(files)
    found: list[str] = []
    for name, path in files.items():
        rule = next((r for r in rules if any(_under(name, m) for m in r.modules)), None)
        if rule is None:
            continue
        for target in sorted(set(imports_of(path, name, ours))):
            mine = _under(target, "prospects") or _under(target, "pages") or target == "app"
            broken = any(_under(target, f) for f in rule.forbidden) or (
                mine and rule.allowed is not None and not any(_under(target, a) for a in rule.allowed))
            if broken:
                found.append(f"{_where(path, root)} imports {target} ({rule.layer} -> {_layer_of(target, rules)} "
                             "is forbidden)")
    return found


def cycles(root: Path) -> list[str]:
    """Import cycles among our modules, through module-level imports (what runs at import time)."""
    files = source_files(root)
    ours = set(files)
    graph = {n: sorted({t for t in imports_of(p, n, ours, top_level_only=True) if t in ours and t != n})
             for n, p in files.items()}
    found, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append("import cycle: " + " -> ".join(sorted(component)))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def source_breaches(root: Path) -> list[str]:
    found = []
    for name, path in source_files(root).items():
        text = path.read_text(encoding="utf-8")
        if not (_under(name, "prospects.store") or name == "prospects.services.unit_of_work"):
            found += [f"{_where(path, root)} opens a transaction ({m.group(0)}): only services.unit_of_work may"
                      for m in TRANSACTION.finditer(text)]
        if any(_under(name, m) for m in ("prospects.ui", "pages", "app", "prospects.cli")):
            found += [f"{_where(path, root)} calls the store's repository ({m.group(0)}...): go through a service"
                      for m in REPOSITORY_CALL.finditer(text)]
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _layer_of(target: str, rules: tuple[Rule, ...]) -> str:
    rule = next((r for r in rules if any(_under(target, m) for m in r.modules)), None)
    return rule.layer if rule else target.split(".")[0]


def _where(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def test_every_import_points_down_the_layers() -> None:
    assert violations(ROOT) == [], "\n".join(violations(ROOT))


def test_only_services_open_transactions_and_screens_never_call_repositories() -> None:
    assert source_breaches(ROOT) == [], "\n".join(source_breaches(ROOT))


def test_no_import_cycle() -> None:
    assert cycles(ROOT) == [], "\n".join(cycles(ROOT))


@pytest.fixture
def broken_package(tmp_path: Path) -> Path:
    """A small package with a domain that imports the store, importing that speaks (imports the catalogue,
    even inside a function), a screen that imports duckdb, and a cycle."""
    files = {
        "prospects/__init__.py": "",
        "prospects/errors.py": "",
        "prospects/domain/__init__.py": "from prospects.domain import rules\n",
        "prospects/domain/rules.py": "from prospects.store import repo\n",
        "prospects/store/__init__.py": "",
        "prospects/store/repo.py": "import duckdb\nfrom prospects.store import other\n",
        "prospects/store/other.py": "from prospects.store import repo\n",
        "prospects/importing/__init__.py": "",
        "prospects/importing/staging.py": "def f():\n    from prospects.i18n import t\n",
        "prospects/i18n.py": "",
        "prospects/ui/__init__.py": "",
        "prospects/ui/view.py": "def f():\n    import duckdb\n    store.prospects.update(1)\n",
        "pages/list.py": "from prospects.services import x\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def test_the_walk_names_each_broken_arrow_and_cycle(broken_package: Path) -> None:
    assert violations(broken_package) == [
        "prospects/domain/rules.py imports prospects.store.repo (domain -> store is forbidden)",
        "prospects/importing/staging.py imports prospects.i18n (importing -> leaf is forbidden)",
        "prospects/ui/view.py imports duckdb (ui -> duckdb is forbidden)",
    ]
    assert cycles(broken_package) == ["import cycle: prospects.store.other -> prospects.store.repo"]
    assert source_breaches(broken_package) == [
        "prospects/ui/view.py calls the store's repository (store.prospects....): go through a service"]
