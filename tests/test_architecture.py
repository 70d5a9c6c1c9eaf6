"""Dependencies between the apps run one way, in the shape the code has (docs/architecture.md):

    arena ← orgs ← contests ← scoring ← series ← followup ┐
                                               ← boards   ┴ ← live, api

Each app names the apps it builds on directly (BUILDS_ON); it may import those and what they
build on, never a sibling or an app above it, at module level or inside a function. followup and
boards are siblings over series; live (the console, the screens and their push) and api
compose them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILDS_ON: dict[str, tuple[str, ...]] = {
    "arena": (),
    "orgs": ("arena",),
    "contests": ("orgs",),
    "scoring": ("contests",),
    "series": ("scoring",),
    "followup": ("series",),
    "boards": ("series",),
    "live": ("followup", "boards"),
    "api": ("followup", "boards"),
}
APPS = tuple(BUILDS_ON)


def below(app: str) -> set[str]:
    """The apps `app` may import: those it builds on, and theirs."""
    found: set[str] = set()
    for base in BUILDS_ON[app]:
        found |= {base} | below(base)
    return found


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = below(app) | {app}
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }
    assert wrong == {}


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from scoring.models import ScoreSheet\n", encoding="utf-8")
    assert imported_apps(module) == {"scoring"}


def test_siblings_stay_apart_and_every_app_is_placed():
    assert "boards" not in below("followup") and "followup" not in below("boards")
    assert "live" not in below("api") and "api" not in below("live")
    installed = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert installed | {"arena"} == set(APPS)
