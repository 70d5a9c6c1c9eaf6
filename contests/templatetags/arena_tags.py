import time
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from arena.text import plain
from contests import setup
from contests.models import same_unit

register = template.Library()


@register.filter
def attr(obj: object, name: str) -> object:
    """Read a field for a generic table cell; choices show their label."""
    display = getattr(obj, f"get_{name}_display", None)
    return display() if callable(display) else getattr(obj, name, "")


@register.filter
def item(mapping: dict | None, key: str) -> object:
    """mapping[key], or "" when the mapping lacks it (or is None)."""
    return (mapping or {}).get(key, "")


@register.filter(name="plain")
def plain_number(value: Decimal) -> str:
    return plain(value)


@register.simple_tag
def server_ms() -> int:
    """The server's clock in ms, for the countdowns' script (static/js/countdown.js)."""
    return int(time.time() * 1000)


@register.simple_tag
def setup_steps(contest, steps):
    """The setup menu for this contest: presenters named as its kind names them, and no 评分项
    or 评委 step when judges do not score it."""
    if contest is None or not hasattr(contest, "kind"):
        return steps
    from contests.collections import has_step
    from contests.kinds import presenter_label, uses_judges

    shown = []
    for key, label in steps:
        if not has_step(contest, key):
            continue
        if key == "contestants":
            label = f"4 {presenter_label(contest)}"
        if key == "indicators" and not uses_judges(contest):  # its only scores: not optional
            label = f"6 {_('指标评分')}"
        number, _space, words = str(label).partition(" ")
        if number.isdigit():  # numbered as shown: 1 2 3 4, not 1 3 4 6 without judges
            label = f"{len(shown) + 1} {words}"
        shown.append((key, label))
    return shown


@register.filter
def presenter_label(contest) -> str:
    """What the contest's kind calls a presenter (打擂人, 汇报人, 表态人)."""
    from contests.kinds import REPORTER
    from contests.kinds import presenter_label as label

    return label(contest) if hasattr(contest, "kind") else str(REPORTER)


@register.filter
def judged(contest) -> bool:
    """Judges score this contest (its judge weight is above 0): what it shows of judges,
    sheets and 评委 at all depends on it (#30)."""
    from contests.kinds import uses_judges

    return hasattr(contest, "judge_weight") and uses_judges(contest)


@register.filter
def says(contest, action: str) -> str:
    """The console's words for an action in this contest (contests.kinds.ACTIONS)."""
    from contests.kinds import says as words

    return words(contest, action)


@register.filter
def label_for(collection, contest) -> str:
    """A setup list's name in this contest: its presenters as the contest's kind calls them."""
    if collection.slug == "contestants" and hasattr(contest, "kind"):
        return presenter_label(contest)
    if collection.slug == "contestant-groups" and hasattr(contest, "kind"):
        return _("{presenter}分组").format(presenter=presenter_label(contest))
    return str(collection.label)


@register.simple_tag
def criteria_max_total(criteria) -> str:
    """满分合计 of a contest's criteria: Σ 满分 × 权重, what a judge's sheet adds up to."""
    return plain(sum((c.max_score * c.weight for c in criteria), Decimal(0)))


@register.simple_tag
def weights_total(groups) -> str:
    """The judge groups' weights added up (percentages: 100 when right)."""
    return plain(sum((g.weight for g in groups), Decimal(0)))


@register.simple_tag
def judge_weights_problem(contest) -> str:
    return setup.judge_weights_problem(contest)


@register.simple_tag
def automatic_recusals(contest, judges) -> list[tuple]:
    """Each judge who sits in a presenter's unit, with those presenters: they never score them
    (回避), shown on the 评委 step before anyone scores."""
    presenters = list(contest.contestants.all())
    found = []
    for judge in judges:
        own = [p for p in presenters if same_unit(judge.unit, p.unit)]
        if own:
            found.append((judge, own))
    return found
