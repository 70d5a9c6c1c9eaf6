"""The setup that moves results, and its audited change log (issue 16).

`results_setup` is every setup value a result depends on, flattened to paths
("rules.judge_weight", "judge_groups.7.weight", "judges.12.withdrawn",
"indicator_scores.3.41", "recusals.12.41", …) with text values. When a contest first goes live
its whole results setup is logged as the baseline; from then on every change made through the
app is logged as the paths it changed, old → new, with who and when. `replayed_setup` applies
the log in order; `setup_mismatches` compares the replay with the setup as it stands, so a
value changed behind the app's back (or a change that escaped the log) is found by
`manage.py verify_audit`.

Indicator items, their scores and recusals are part of that setup and live with it
(contests/models/indicators.py, Recusal in people.py); this module reads no scoring table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from contests.kinds import presenter_label, uses_judges
from contests.models import Contest, SetupChange

RULE_FIELDS = (
    "score_step",
    "aggregation",
    "trim_count",
    "standardise_judges",
    "judge_weight",
    "indicator_weight",
    "break_ties_by_criteria",
)


def _text(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


# Rules that only move the results of a contest its judges score: a contest without judges
# (晒比会) logs none of them; giving it judges logs them as they come in.
JUDGES_RULES = {"score_step", "aggregation", "trim_count", "standardise_judges", "judge_weight"}
JUDGES_RULES |= {"break_ties_by_criteria"}


def results_setup(contest: Contest) -> dict[str, str]:
    """Every setup value the results depend on, by path (module docstring)."""
    rules = (
        RULE_FIELDS if uses_judges(contest) else [r for r in RULE_FIELDS if r not in JUDGES_RULES]
    )
    setup = {f"rules.{name}": _text(getattr(contest, name)) for name in rules}
    for pk, maximum, weight in contest.criteria.values_list("pk", "max_score", "weight"):
        setup[f"criteria.{pk}.max_score"] = _text(maximum)
        setup[f"criteria.{pk}.weight"] = _text(weight)
    for pk, weight in contest.judge_groups.values_list("pk", "weight"):
        setup[f"judge_groups.{pk}.weight"] = _text(weight)
    for kind in ("judges", "contestants"):
        rows = getattr(contest, kind).values_list(
            "pk", "unit", "group_id", "withdrawn_at", "withdrawn_reason"
        )
        for pk, unit, group, withdrawn_at, reason in rows:
            setup[f"{kind}.{pk}.unit"] = unit
            setup[f"{kind}.{pk}.group"] = _text(group)
            if withdrawn_at is not None:
                setup[f"{kind}.{pk}.withdrawn"] = reason
    if contest.indicator_composite != "sum":  # logged only when not today's plain sum, so
        # a baseline from before 三考三比 still replays to the setup as it stands
        setup["rules.indicator_composite"] = contest.indicator_composite
    for pk, maximum, weight in contest.indicators.values_list("pk", "max_score", "weight"):
        setup[f"indicators.{pk}.max_score"] = _text(maximum)
        setup[f"indicators.{pk}.weight"] = _text(weight)
    # A 个性 (X) item counts only for the presenters it lists (the same rule: only when set).
    listed: dict[int, list[int]] = {}
    for pk, contestant in contest.indicators.filter(scope="own").values_list("pk", "contestants"):
        listed.setdefault(pk, []).extend([] if contestant is None else [contestant])
    for pk, ids in listed.items():
        setup[f"indicators.{pk}.applies_to"] = ",".join(map(str, sorted(ids))) or "-"
    scores = contest.contestants.filter(indicator_scores__isnull=False).values_list(
        "indicator_scores__indicator_id", "pk", "indicator_scores__value"
    )
    for indicator, contestant, value in scores:
        setup[f"indicator_scores.{indicator}.{contestant}"] = _text(value)
    for judge, contestant in contest.recusals.values_list("judge_id", "contestant_id"):
        setup[f"recusals.{judge}.{contestant}"] = "1"
    return setup


def has_baseline(contest: Contest) -> bool:
    return SetupChange.objects.filter(contest=contest).exists()


def log_baseline(contest: Contest, user, summary: str) -> None:
    """The whole results setup as it stands, once: the start of the replay."""
    if not has_baseline(contest):
        _log(contest, user, summary, {p: [None, v] for p, v in results_setup(contest).items()})


@contextmanager
def recording(contest: Contest, user, summary: str) -> Iterator[None]:
    """Log what the enclosed change does to the results setup, once there is a baseline.

    Use inside the transaction that holds the contest row lock, around the writes."""
    if not has_baseline(contest):
        yield
        return
    before = results_setup(contest)
    yield
    after = results_setup(contest)
    changed = {
        path: [before.get(path), after.get(path)]
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path)
    }
    if changed:
        _log(contest, user, summary, changed)


def _log(contest: Contest, user, summary: str, changes: dict) -> None:
    SetupChange.objects.create(
        contest=contest,
        user=user if user is not None and user.is_authenticated else None,
        summary=str(summary)[:300],
        changes=changes,
    )


def replayed_setup(contest: Contest) -> dict[str, str]:
    """The results setup according to the change log alone."""
    setup: dict[str, str] = {}
    for changes in contest.setup_changes.order_by("at", "id").values_list("changes", flat=True):
        for path, (_old, new) in changes.items():
            if new is None:
                setup.pop(path, None)
            else:
                setup[path] = new
    return setup


def setup_mismatches(contest: Contest) -> list[str]:
    """Paths whose value differs between the setup and the replay of its log ([] if no log)."""
    if not has_baseline(contest):
        return []
    replayed, actual = replayed_setup(contest), results_setup(contest)
    if not uses_judges(contest):  # a baseline logged before judges' rules were left out
        # of a contest without judges (#30) still holds them: they move nothing here.
        for name in JUDGES_RULES:
            if f"rules.{name}" not in actual:
                replayed.pop(f"rules.{name}", None)
    return [
        f"{path}: {replayed.get(path)!r} → {actual.get(path)!r}"
        for path in sorted(replayed.keys() | actual.keys())
        if replayed.get(path) != actual.get(path)
    ]


FIELD_LABELS = {
    "score_step": _("评分步长"),
    "aggregation": _("评委分汇总方式"),
    "trim_count": _("去掉最高、最低分各几个"),
    "standardise_judges": _("评委分标准化"),
    "judge_weight": _("评委评分权重"),
    "indicator_weight": _("指标得分权重"),
    "break_ties_by_criteria": _("同分时按评分项依次比较"),
    "indicator_composite": _("指标评分合成方式"),
    "applies_to": _("个性任务适用"),
    "max_score": _("满分"),
    "weight": _("权重"),
    "unit": _("单位"),
    "group": _("分组"),
    "withdrawn": _("退出"),
}


def names_for(contest: Contest) -> dict:
    """What describe() shows for the ids in the paths; read once for a whole log page. The
    presenters are named as the contest's kind names them."""
    return {
        "presenter": presenter_label(contest),
        "criteria": dict(contest.criteria.values_list("pk", "name")),
        "judge_groups": dict(contest.judge_groups.values_list("pk", "name")),
        "judges": dict(contest.judges.values_list("pk", "name")),
        "contestants": dict(contest.contestants.values_list("pk", "name")),
        "indicators": dict(contest.indicators.values_list("pk", "name")),
    }


def describe(names: dict, changes: dict) -> list[str]:
    """The logged changes as lines an organizer can read: “评委 张三 · 退出：— → 因病”."""
    kinds = {
        "criteria": _("评分项"),
        "judge_groups": _("评委分组"),
        "judges": _("评委"),
        "contestants": names.get("presenter") or _("汇报人"),
        "indicators": _("指标评分项"),
    }

    def name(kind: str, pk: str) -> str:
        return names[kind].get(int(pk), f"#{pk}")

    lines = []
    for path, (old, new) in changes.items():
        kind, *rest = path.split(".")
        if kind == "rules":
            what = str(FIELD_LABELS.get(rest[0], rest[0]))
        elif kind == "indicator_scores":
            what = _("指标得分 {indicator} · {contestant}").format(
                indicator=name("indicators", rest[0]), contestant=name("contestants", rest[1])
            )
        elif kind == "recusals":
            what = _("回避 {judge} · {contestant}").format(
                judge=name("judges", rest[0]), contestant=name("contestants", rest[1])
            )
        else:
            what = f"{kinds[kind]} {name(kind, rest[0])} · {FIELD_LABELS.get(rest[1], rest[1])}"
            if rest[1] == "applies_to":  # presenters' ids → their names
                old, new = (
                    None
                    if ids is None
                    else "、".join(name("contestants", i) for i in ids.split(",") if i != "-")
                    or "—"
                    for ids in (old, new)
                )
        lines.append(f"{what}：{'—' if old is None else old} → {'—' if new is None else new}")
    return lines
