"""The shape of the code a newcomer reads: small modules and template lines that fit a screen,
every module on the map in docs/architecture.md (once, in the order of the apps), and views that
do one thing each."""

import re
from pathlib import Path

from tests.test_architecture import APPS

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
MAX_TEMPLATE_LINE = 200  # characters


def modules(*tops: str) -> list[Path]:
    return sorted(
        path
        for top in tops
        for path in (ROOT / top).rglob("*.py")
        if "migrations" not in path.parts and ".venv" not in path.parts
    )


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in modules(*APPS, "tests", "bench", "scripts")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_template_line_is_over_200_characters():
    """Long lines are broken where HTML treats the break as the space it replaces (between a
    tag's attributes, between table parts, at a space in text, at the start or end of a
    block's content), never inside an attribute's value or a {% blocktranslate %} text."""
    long = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_TEMPLATE_LINE
    ]
    assert long == []


def mapped_modules() -> list[str]:
    """The modules named in the first column of docs/architecture.md's table, in order: a cell's
    first name carries its app, a later name without one is in the folder of the one before
    (`scoring/forms.py`, `templatetags/scoring_tags.py` is scoring/templatetags/…)."""
    text = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    table = text[text.index("| where | job |") : text.index("Dependencies run one way")]
    named = []
    for row in table.splitlines()[2:]:
        if not row.startswith("| "):
            continue
        app = folder = ""
        for name in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            if name.split("/")[0] in (*APPS, "static"):
                app = name.split("/")[0]
                folder, name = name.rsplit("/", 1)
            elif "/" in name:
                subfolder, name = name.rsplit("/", 1)
                folder = f"{app}/{subfolder}"
            named.append(f"{folder}/{name}")
    return named


def test_the_architecture_table_lists_every_module_once_in_the_order_of_the_apps():
    named = [name for name in mapped_modules() if name.endswith(".py")]
    apps = [name.split("/")[0] for name in named if name.split("/")[0] in APPS]
    assert apps == sorted(apps, key=APPS.index), "rows out of the apps' order"
    assert len(named) == len(set(named)), "a module listed twice"
    actual = {str(path.relative_to(ROOT)) for path in modules(*APPS) if path.name != "__init__.py"}
    assert set(named) - {"static/js/fit.js", "static/js/sound.js"} == actual


def test_no_view_dispatches_on_an_action_string():
    """Each form of a page posts to a URL of its own (as the live console's do, live/urls.py),
    never a field saying what to do."""
    dispatching = {
        str(path.relative_to(ROOT))
        for path in modules(*APPS)
        if path.name.startswith("views")
        and re.search(r"""(POST|post)(\.get\(|\[)["']action["']""", path.read_text("utf-8"))
    }
    assert not dispatching
