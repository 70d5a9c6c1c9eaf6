from django.core.management import call_command
from django.utils import timezone

from boards import values
from boards.models import Metric
from contests.models import Contest
from followup.ledger import matter_light
from followup.models import Matter
from selections import flow
from selections.models import Selection
from series.models import Series
from series.monthly import round_board
from series.standings import latest_snapshot


def test_seed_demo(db, capsys, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", "--if-empty")
    contest = Contest.objects.get(series_round__isnull=True)
    assert contest.contestants.count() == 10
    assert contest.contestant_groups.count() == 2
    assert list(contest.criteria.values_list("name", flat=True)) == [
        "看站位",
        "看重点",
        "看措施",
        "看成效",
    ]
    assert contest.judges.count() == 60
    assert sorted(contest.judge_groups.values_list("name", flat=True)) == ["市领导", "部门负责人"]
    out = capsys.readouterr().out
    password = (tmp_path / "demo-login.txt").read_text().split()[1]
    assert password in out
    series = Series.objects.get(cadence=Series.Cadence.QUARTER)
    data = latest_snapshot(series).data
    assert [r["status"] for r in data["rounds"]] == ["counted"] * 3
    assert len(data["entrants"]) == 10 and data["entrants"][0]["rank"] == 1
    assert sum(1 for row in data["entrants"] if row["attended"] == 2) == 2
    lights = {matter_light(m, timezone.localdate()) for m in Matter.objects.all()}
    assert lights == {"green", "yellow", "red", "grey"}
    metrics = Metric.objects.filter(board__series=series)
    readings = values.period_rows(metrics, timezone.localdate().replace(day=1))
    assert {row.reading.light for row in readings} == {"green", "yellow", "red", "grey"}
    # a town's two monthly 三考三比 rounds without judges, signed and counted (#30)
    town = Series.objects.get(cadence=Series.Cadence.MONTH)
    town_data = latest_snapshot(town).data
    assert [r["status"] for r in town_data["rounds"]] == ["counted"] * 2
    october = town.rounds.get(number=2)
    assert not october.contest.judges.exists() and not october.contest.criteria.exists()
    shown = round_board(october)
    assert [group for group, _ in shown.groups] == ["第一组", "第二组"]
    assert all(sum(row.subtotals) == row.composite for row in shown.rows)
    assert all(row.change is not None for row in shown.rows)
    for rnd in town.rounds.all():  # its figures were entered as the table enters them: logged
        call_command("verify_audit", str(rnd.contest_id))
    # a 评五星 in its 公示期 with one objection waiting for a finding (#32)
    selection = Selection.objects.get()
    assert selection.status == "publicity" and selection.nominees.count() == 20
    assert flow.open_objections(selection).count() == 1
    call_command("seed_demo", "--if-empty")
    assert Contest.objects.count() == 6 and Selection.objects.count() == 1
    call_command("show_links")
    out = capsys.readouterr().out
    assert "/j/" in out and password in out
    assert f"/s/{contest.screen_token}/" in out and "现场控制" in out
