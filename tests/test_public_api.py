"""The public API is exactly what ``mlladder.__all__`` lists, and each name is importable; importing mlladder loads
nothing heavy; inside the package, a module uses only what another lists in its ``__all__``."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mlladder
from tests.conftest import ROOT

EXPECTED = {
    "builtin_framework",
    "builtin_framework_ids",
    "load_framework",
    "validate_framework_file",
    "Framework",
    "Level",
    "Competency",
    "Skill",
    "SalaryBand",
    "FrameworkError",
    "UnknownLevel",
    "compare_levels",
    "combined_salaries",
    "export_framework",
}
# One or more names of each stage: evidence, assessment, gaps, plan, report, guidance and the store.
EXPECTED_STAGES = {
    "evidence_from_file",
    "evidence_from_text",
    "read_document",
    "Evidence",
    "profile_from_evidence",
    "place_posting",
    "posting_placement",
    "match",
    "rank_postings",
    "assess",
    "save_profile",
    "gaps",
    "plan",
    "report_html",
    "compare_pay",
    "check_offer",
    "pay_for_person",
    "diagnose",
    "person_guidance",
    "interview_prep",
    "move_into_ml",
    "Store",
    "Person",
    "User",
    "AssessmentRecord",
    "DocumentError",
}
HEAVY = ("rich", "numpy", "jinja2", "sqlalchemy", "fastapi")
SRC = ROOT / "src"
# Other work is changing these modules now; they list their __all__ when it lands, and until then nothing checks it.
WITHOUT_ALL = ("mlladder.store.migrations.",)  # history: migrations are never edited


def test_all_lists_the_public_names() -> None:
    assert set(mlladder.__all__) >= EXPECTED | EXPECTED_STAGES
    for name in mlladder.__all__:
        assert hasattr(mlladder, name), name
    public = {
        name for name in dir(mlladder) if not name.startswith("_") and not inspect.ismodule(getattr(mlladder, name))
    }
    assert public - {"annotations"} <= set(mlladder.__all__)


def test_error_tree() -> None:
    assert issubclass(mlladder.FrameworkError, mlladder.InputError)
    assert issubclass(mlladder.FrameworkError, mlladder.InvalidFile)
    assert issubclass(mlladder.ProfileError, mlladder.InvalidFile)
    assert issubclass(mlladder.UnknownLevel, mlladder.InputError)
    assert issubclass(mlladder.InputError, mlladder.MlladderError)


def fresh_python(code: str) -> str:
    """What ``code`` prints in a new interpreter, where nothing of mlladder is loaded yet."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_importing_mlladder_loads_nothing_heavy() -> None:
    code = f"import sys, mlladder; print(*(name for name in {HEAVY!r} if name in sys.modules))"
    assert fresh_python(code).split() == []


def test_every_public_name_resolves_to_its_module_object_in_a_fresh_interpreter() -> None:
    code = (
        "import importlib, mlladder\n"
        "for name in mlladder.__all__:\n"
        "    value = getattr(mlladder, name)\n"
        "    home = mlladder._MODULE_OF.get(name)\n"
        "    assert home is None or value is getattr(importlib.import_module(home), name), name\n"
        "print(len(mlladder.__all__))\n"
    )
    assert int(fresh_python(code)) == len(mlladder.__all__)


def test_assess_and_plan_stay_functions_when_their_packages_are_imported_first() -> None:
    code = (
        "import inspect, mlladder.assess.gaps, mlladder.report.plan_export\n"
        "from mlladder import assess, plan\n"
        "print(inspect.isfunction(assess), inspect.isfunction(plan), inspect.isfunction(mlladder.assess))\n"
    )
    assert fresh_python(code).split() == ["True", "True", "True"]


def test_dir_shows_the_names_not_loaded_yet_and_unknown_names_fail() -> None:
    assert set(mlladder.__all__) <= set(dir(mlladder))
    with pytest.raises(AttributeError, match="no_such_name"):
        getattr(mlladder, "no_such_name")  # noqa: B009 - a name mypy must not see


def test_the_lazy_names_are_the_names_imported_for_type_checkers() -> None:
    tree = ast.parse((SRC / "mlladder" / "__init__.py").read_text(encoding="utf-8"))
    [checked] = [
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "typing.TYPE_CHECKING"
    ]
    imports = [node for node in checked.body if isinstance(node, ast.ImportFrom)]
    imported = {(node.module, alias.name) for node in imports for alias in node.names}
    lazy = {(module, name) for module, names in mlladder._EXPORTS.items() for name in names}
    assert imported == lazy
    eager = {name for name in vars(mlladder.errors) if name in mlladder.__all__}
    assert set(mlladder.__all__) == {"__version__"} | eager | set(mlladder._MODULE_OF)
    assert len(mlladder.__all__) == len(set(mlladder.__all__))


# --- inside the package: each module offers its __all__, and nothing else -----------------------------------------


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in (SRC / "mlladder").rglob("*.py")}


def declared_all(tree: ast.Module) -> set[str] | None:
    """The names a module's literal ``__all__`` lists; None when it has none."""
    for node in tree.body:
        if isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "__all__":
            return set(ast.literal_eval(value))
    return None


def uses(tree: ast.Module, own: str) -> Iterator[tuple[str, str, int]]:
    """(module, name, line) for every name ``own`` takes from another mlladder module: by ``from ... import``, or
    as an attribute of a module imported whole (``from mlladder.web import charts`` ... ``charts.trend_chart``)."""
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mlladder") and node.module != own:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                else:
                    yield str(node.module), alias.name, node.lineno
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            module = modules[node.value.id]
            if f"{module}.{node.attr}" not in MODULES:
                yield module, node.attr, node.lineno


def has_code(tree: ast.Module) -> bool:
    return any(not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)) for node in tree.body)


TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def test_every_module_lists_what_it_offers() -> None:
    missing = [
        name
        for name, tree in TREES.items()
        if has_code(tree)
        and declared_all(tree) is None
        and not name.endswith("__main__")
        and not name.startswith(WITHOUT_ALL)
    ]
    assert missing == []


def test_modules_take_from_each_other_only_what_is_offered() -> None:
    offered = {name: declared_all(tree) for name, tree in TREES.items()}
    wrong = []
    for own, tree in TREES.items():
        for module, name, line in uses(tree, own):
            listed = offered.get(module)
            if (name.startswith("_") and not name.startswith("__")) or (listed is not None and name not in listed):
                wrong.append(f"{MODULES[own].relative_to(ROOT)}:{line}: {module}.{name}")
    assert wrong == []
