"""A selection's settings (#32): categories with their quotas, units (also from a series), and the
steps — editable, ordered — while nothing uses what would be taken away."""

from django.urls import reverse

from selections.forms import SettingsForm, parse_step, step_text
from selections.models import Selection


def new(client, **data):
    form = {"title": "最佳实践案例评选", "year": "2026", "units": "", "categories": "最佳实践案例"}
    answer = client.post(reverse("selections:create"), form | data)
    return answer, Selection.objects.order_by("-pk").first()


def settings_of(selection) -> dict:
    return SettingsForm.initial_for(selection)


def test_the_seven_steps_read_back_as_the_settings_write_them(organizer_client):
    _answer, selection = new(organizer_client, units="青岗村", categories="育才之星")
    text = settings_of(selection)["steps"].splitlines()
    assert text == [
        "走访调查摸底【说明】", "党员群众推荐【推荐人数】", "党员社员代表大会研究【日期】【表决】",
        "村两委考察【说明】", "镇活动领导小组办公室审核【审核】", "结果公示【公示】",
        "统一表彰【表彰】",
    ]  # fmt: skip
    for step, line in zip(selection.steps.all(), text, strict=True):
        assert step_text(step) == line and parse_step(line)[0] == step.name


def test_quotas_units_and_steps_change_until_they_are_used(organizer_client, organizer):
    _answer, selection = new(
        organizer_client, units="青岗村\n金华村", categories="育才之星\n孝德之星"
    )
    steps = "单位申报【说明】\n资格审核【审核】\n结果公示【公示】\n统一表彰【表彰】"
    categories = "育才之星 2 1\n孝德之星\n最美家庭之星 - 3"
    data = settings_of(selection) | {"categories": categories, "steps": steps, "real_name": ""}
    page = reverse("selections:settings", args=[selection.pk])
    assert organizer_client.post(page, data).status_code == 302
    quotas = list(selection.categories.values_list("name", "quota", "quota_per_unit"))
    assert quotas == [("育才之星", 2, 1), ("孝德之星", None, None), ("最美家庭之星", None, 3)]
    assert [s.name for s in selection.steps.all()] == [
        "单位申报",
        "资格审核",
        "结果公示",
        "统一表彰",
    ]
    selection.refresh_from_db()
    assert not selection.real_name_objections
    unit, star = selection.units.first(), selection.categories.get(name="孝德之星")
    organizer_client.post(reverse("selections:nominee_add", args=[selection.pk]),
                          {"name": "王芳", "unit": unit.pk, "category": star.pk})  # fmt: skip
    dropped = organizer_client.post(page, data | {"categories": "育才之星 2 1"})
    assert (
        dropped.status_code == 422
        and "类别“孝德之星”已有人选，不能删除" in dropped.content.decode()
    )
    nominee = selection.nominees.get()
    first = selection.steps.get(order=0)
    organizer_client.post(reverse("selections:nominee_pass", args=[selection.pk, nominee.pk]),
                          {"step": first.pk, "note": "材料齐全"})  # fmt: skip
    frozen = organizer_client.post(
        page, data | {"steps": "申报【说明】\n结果公示【公示】\n统一表彰【表彰】"}
    )
    assert frozen.status_code == 422 and "步骤不能再改" in frozen.content.decode()
    bad = organizer_client.post(page, data | {"steps": "申报\n统一表彰【表彰】\n结果公示【公示】"})
    assert bad.status_code == 422 and "最后两步" in bad.content.decode()
    unknown = organizer_client.post(
        page, data | {"steps": "申报【打分】\n结果公示【公示】\n统一表彰【表彰】"}
    )
    assert unknown.status_code == 422 and "不认识的标记：【打分】" in unknown.content.decode()


def test_units_can_come_from_a_series(organizer_client, organizer):
    from series.models import Entrant, Series

    series = Series.objects.create(owner=organizer, title="赛马", year=2026)
    for order, name in enumerate(["市发展和改革委员会", "市商务局", "停赛单位"]):
        Entrant.objects.create(series=series, name=name, order=order, active=name != "停赛单位")
    answer, selection = new(organizer_client, series=series.pk)
    assert answer.status_code == 302
    assert list(selection.units.values_list("name", flat=True)) == [
        "市发展和改革委员会",
        "市商务局",
    ]
    empty, _ = new(organizer_client)
    assert empty.status_code == 422 and "请填写参评单位，或选一个赛马系列" in empty.content.decode()
