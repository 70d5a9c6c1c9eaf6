"""A selection's settings while it is being run (推选中): its name and year, whether objections
are by real name, its categories with their quotas, its units and its steps — each change
logged; nothing that nominees already use is taken away."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from selections.flow import SelectionError, log
from selections.models import Category, Passage, Selection, Step, Unit

StepLine = tuple[str, dict]  # (name, options), as SEVEN_STEPS
FLAGS = ("kind", "needs_date", "needs_number", "number_label", "needs_vote", "needs_note",
         "needs_attachment")  # fmt: skip
DEFAULTS = {"kind": "", "number_label": ""}


def _shape(name: str, options: dict) -> tuple:
    return (name, *(options.get(flag, DEFAULTS.get(flag, False)) for flag in FLAGS))


def steps_problem(steps: list[StepLine]) -> str:
    """The shape every selection's steps keep: one 公示 then one 表彰, last; 审核 and 专家评审
    before the 公示."""
    kinds = [options.get("kind", "") for _name, options in steps]
    names = [name for name, _options in steps]
    if len(set(names)) != len(names):
        return _("步骤名称不能重复。")
    if kinds.count(Step.Kind.PUBLICITY) != 1 or kinds.count(Step.Kind.COMMEND) != 1:
        return _("须有且只有一个【公示】步骤和一个【表彰】步骤。")
    if kinds[-1] != Step.Kind.COMMEND or kinds[-2] != Step.Kind.PUBLICITY:
        return _("【公示】和【表彰】须是最后两步。")
    return ""


def _sync(selection: Selection, model, wanted: list[str], used: set[int], label: str) -> list:
    """Rows of `model` named as `wanted`, in that order: new ones made, missing ones deleted
    unless nominees use them (refused, named)."""
    rows = {row.name: row for row in model.objects.filter(selection=selection)}
    kept = [row for name, row in rows.items() if name not in wanted and row.pk in used]
    if kept:
        raise SelectionError(_("{label}“{name}”已有人选，不能删除。").format(
            label=label, name=kept[0].name))  # fmt: skip
    model.objects.filter(selection=selection).exclude(name__in=wanted).delete()
    result = []
    for order, name in enumerate(wanted):
        row = rows.get(name) or model(selection=selection, name=name)
        row.order = order
        row.save()
        result.append(row)
    return result


@transaction.atomic
def update(
    selection: Selection,
    user,
    *,
    title: str,
    year: int,
    real_name: bool,
    categories: list[tuple[str, int | None, int | None]],
    units: list[str],
    steps: list[StepLine],
) -> None:
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.status != Selection.Status.DRAFT:
        raise SelectionError(_("公示开始后设置不能再改。"))
    if not categories or not units:
        raise SelectionError(_("至少要有一个类别和一个单位。"))
    problem = steps_problem(steps)
    if problem:
        raise SelectionError(problem)
    nominees = selection.nominees.all()
    used_categories = set(nominees.values_list("category_id", flat=True))
    rows = _sync(selection, Category, [c[0] for c in categories], used_categories, _("类别"))
    for row, (_name, quota, per_unit) in zip(rows, categories, strict=True):
        row.quota, row.quota_per_unit = quota, per_unit
        row.save(update_fields=["quota", "quota_per_unit"])
    _sync(selection, Unit, units, set(nominees.values_list("unit_id", flat=True)), _("单位"))
    current = [_shape(s.name, {f: getattr(s, f) for f in FLAGS}) for s in selection.steps.all()]
    wanted = [_shape(name, options) for name, options in steps]
    if wanted != current:
        if Passage.objects.filter(nominee__selection=selection).exists():
            raise SelectionError(_("已有人选通过步骤，步骤不能再改。"))
        linked = {s.name: s.contest_id for s in selection.steps.all() if s.contest_id}
        selection.steps.all().delete()
        Step.objects.bulk_create(
            Step(selection=selection, order=i, name=name, contest_id=linked.get(name), **options)
            for i, (name, options) in enumerate(steps)
        )
    selection.title, selection.year, selection.real_name_objections = title, year, real_name
    selection.save(update_fields=["title", "year", "real_name_objections"])
    log(selection, user, _("修改设置"), "；".join(
        [title, "、".join(c[0] for c in categories), _("{n} 个单位").format(n=len(units)),
         " → ".join(name for name, _options in steps)]))  # fmt: skip
