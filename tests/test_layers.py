"""The package's layers, as docs/architecture.md draws them: each package imports only from its own layer or the
ones below, and no two modules import each other (directly or round a longer loop). Read from the source, so
the picture in the docs cannot drift from the code."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

SOURCE = ROOT / "src" / "mlladder"

# Lowest first. A package may import from its own layer and those below; the shells sit on top.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "limits", "files", "formatting", "addresses", "validation_messages", "documents"}),
    frozenset({"batch_input", "access", "passwords"}),
    frozenset({"framework"}),
    frozenset({"market", "evidence"}),
    frozenset({"assess"}),
    frozenset({"guidance"}),
    frozenset({"plan"}),
    frozenset({"report"}),
    frozenset({"store"}),
    frozenset({"promotion", "team"}),
    frozenset({"web", "cli", "__init__", "__main__"}),
)


def unit_of(module: str) -> str:
    """The package (or top-level module) a dotted ``mlladder.x.y`` name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    relative = path.relative_to(SOURCE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[str]:
    """Every mlladder module ``path`` imports, at the top or inside a function (a late import is still a
    dependency), except those only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "mlladder":  # from mlladder import access
            yield from (f"mlladder.{alias.name}" for alias in node.names if f"mlladder.{alias.name}" in MODULES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "mlladder":
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "mlladder")


MODULES = {module_name(path) for path in SOURCE.rglob("*.py")}


def layer_of(unit: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if unit in layer)


def test_every_package_has_a_layer() -> None:
    units = {unit_of(module_name(path)) for path in SOURCE.rglob("*.py")}
    assert units <= set().union(*LAYERS), units - set().union(*LAYERS)


def test_no_package_imports_from_a_layer_above_it() -> None:
    upward = [
        f"{module_name(path)} imports {imported}"
        for path in SOURCE.rglob("*.py")
        for imported in imports_of(path)
        if layer_of(unit_of(imported)) > layer_of(unit_of(module_name(path)))
    ]
    assert upward == []


def test_no_modules_import_each_other() -> None:
    """Package ``__init__`` files only gather names (a command registering itself with the CLI's app imports
    the package that imports it), so the loops counted are between plain modules."""
    modules = {module_name(path): path for path in SOURCE.rglob("*.py") if path.name != "__init__.py"}
    graph = {name: {target for target in imports_of(path) if target in modules} for name, path in modules.items()}
    loops = {" -> ".join(loop) for loop in _loops(graph)}
    assert loops == set()


def _loops(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """One loop per module that can reach itself (depth-first; enough to name the culprits)."""
    for start in graph:
        path = [start]
        seen: set[str] = set()
        stack: list[tuple[str, list[str]]] = [(start, path)]
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    yield [*trail, start]
                    stack.clear()
                    break
                if nxt not in seen and nxt in graph:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def test_the_architecture_page_draws_these_layers() -> None:
    rows = re.findall(r"^\| (\d+) \| (.+?) \| .+ \|$", ARCHITECTURE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    drawn = [frozenset(re.findall(r"`([\w]+)`", names)) for _, names in rows]
    assert drawn == [layer - {"__main__"} for layer in LAYERS]


def test_the_paths_the_architecture_page_names_exist() -> None:
    named = re.findall(r"`(src/mlladder/[\w/.]+)`", ARCHITECTURE.read_text(encoding="utf-8"))
    assert len(named) > 15
    assert [path for path in named if not (ROOT / path).exists()] == []
