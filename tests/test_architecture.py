"""Dependencies between the apps run one way, in the shape the code has (docs/architecture.md):

    arena ← orgs ← contests ← scoring ← series ← followup ┐ ← selections
                                               ← boards   ┴ ← catchup ← live
                                                          └ ← api

Each app names the apps it builds on directly (BUILDS_ON); it may import those and what they
build on, never a sibling or an app above it, at module level or inside a function — nor read
their rows through a reverse relation of its own models. followup and boards are siblings over
series; catchup (对标赶超: plans whose measures are matters and whose targets are metrics) and
api compose them; live (the console, the screens and their push) builds on catchup; selections
(评选) builds on followup (年表彰 reads the year's cards)."""

import ast
import re
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
    "selections": ("followup",),  # 年表彰 reads the year's cards
    "catchup": ("followup", "boards"),  # a plan's measures are matters, its targets metrics
    "live": ("catchup",),
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


def upward_accessors(app: str) -> set[str]:
    """The names by which rows of an app not below `app` can be reached from `app`'s models (or
    those below it) through a reverse relation — `contest.snapshots` for contests, say — less
    the names the apps `app` may use give their own fields and relations."""
    from django.apps import apps as registry

    allowed = below(app) | {app}
    upward, own = set(), set()
    for model in registry.get_models():
        mine = model._meta.app_label in allowed
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # a reverse relation: counted below, from the field that makes it
            if mine:
                own.add(field.name)
            if not field.is_relation or field.related_model is None:
                continue
            target_is_below = field.related_model._meta.app_label in allowed
            if target_is_below and not field.remote_field.hidden:
                name = field.remote_field.get_accessor_name()
                (own if mine else upward).add(name)
    return upward - own


@pytest.mark.parametrize("app", APPS)
def test_no_app_reads_an_upper_apps_rows_through_a_reverse_relation(app):
    """An import is not the only way up: `contest.snapshots` reads scoring's table from contests
    without importing scoring. Signals (contests.live.started, on_stage) do that work instead."""
    names = upward_accessors(app)
    if not names:
        return
    pattern = re.compile(r"\.(" + "|".join(sorted(map(re.escape, names))) + r")\b")
    found = {
        f"{path.relative_to(ROOT)}:{number}": match.group(1)
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if (match := pattern.search(line))
    }
    assert found == {}


def test_the_reverse_relation_check_knows_the_names_it_looks_for():
    assert {"snapshots", "trial_sheets", "series_round", "remarks"} <= upward_accessors("contests")
    assert "snapshots" not in upward_accessors("series")  # series builds on scoring
