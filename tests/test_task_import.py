"""A township's month of 三考三比 tasks and scores from one sheet (scoring/task_import.py): long or
wide, all or nothing, villages matched by unit."""

from decimal import Decimal as D

from django.urls import reverse

from tests.test_tasks_3k3b import VILLAGES, make_month


def upload(client, contest, text: str, name="11月战令.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("organizer:indicator_import", args=[contest.pk])
    sheet = SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")
    return client.post(url, {"file": sheet}, follow=True)


def test_a_month_of_tasks_and_scores_from_the_townships_sheet(organizer, organizer_client):
    """Item 5: one row per village × task creates the month's tasks — 共性 when every village
    has it, 个性 for the villages that have it — and their scores, all at once."""
    contest = make_month(organizer)
    contest.indicators.all().delete()
    rows = ["单位,任务,维度,满分,得分"]
    rows += [
        f"{v},疫情防控,速度,10,{s}" for v, s in zip(VILLAGES, ("9.88", "10", "8"), strict=True)
    ]
    rows += [
        f"{v},村集体增收,力度,6,{s}" for v, s in zip(VILLAGES, ("5.5", "3.0", "6"), strict=True)
    ]
    rows += ["南山村,个性任务A,力度,5,4.50", "", "下河村,个性任务C,考力度比实绩,10,9"]
    page = upload(organizer_client, contest, "\n".join(rows))
    assert "已导入 8 个指标得分" in page.content.decode()
    tasks = {t.name: t for t in contest.indicators.all()}
    assert tasks["疫情防控"].scope == "common" and tasks["疫情防控"].dimension == "speed"
    assert tasks["个性任务A"].scope == "own"
    assert list(tasks["个性任务C"].contestants.values_list("unit", flat=True)) == ["下河村"]
    assert tasks["个性任务C"].dimension == "force"  # written as the dimension's long name
    # next time the same sheet only fills scores: the tasks exist now
    again = upload(organizer_client, contest, "单位,任务,得分\n南山村,疫情防控,9.90")
    assert "已导入 1 个指标得分" in again.content.decode()
    value = tasks["疫情防控"].scores.get(contestant__unit="南山村").value
    assert value == D("9.90")


def test_a_sheet_with_any_problem_imports_nothing(organizer, organizer_client):
    contest = make_month(organizer)
    before = contest.indicators.count()
    sheet = "\n".join(
        [
            "单位,任务,满分,得分",
            "南山村,疫情防控,,11",  # above the task's maximum of 10
            "东山村,疫情防控,,9",  # no such village this month
            "南山村,新任务,,3",  # a new task without its maximum
            "下河村,村集体增收,,3",
            "下河村,村集体增收,,4",  # the same cell twice
            "上塘村,个性任务X,5,4",
        ]
    )
    text = upload(organizer_client, contest, sheet).content.decode()
    for expected in (
        "第 2 行 “得分”列：须在 0 到 10 之间",
        "第 3 行 “单位”列：本期没有这个单位",
        "第 4 行 “满分”列：新任务须填写大于 0 的满分",
        "第 6 行 “任务”列：与第 5 行重复",
    ):
        assert expected in text, expected
    assert contest.indicators.count() == before  # not even 个性任务X
    assert not contest.indicators.filter(scores__isnull=False).exists()


def test_villages_by_tasks_matched_by_unit_alone(organizer, organizer_client):
    contest = make_month(organizer)
    page = upload(
        organizer_client, contest, "单位,疫情防控,村集体增收\n南山村,9.88,5.5\n下河村,10,3"
    )
    assert "已导入 4 个指标得分" in page.content.decode()
    assert (
        contest.indicators.get(name="村集体增收").scores.get(contestant__unit="下河村").value == 3
    )
