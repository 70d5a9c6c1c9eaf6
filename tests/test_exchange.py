import json

import pytest
from django.core.management import CommandError, call_command

from contests.models import Contest, Indicator, IndicatorScore, Recusal
from scoring.exchange import FormatError, export_contest
from scoring.exchange_import import import_contest
from scoring.models import AuditEntry, Score, ScoreSheet
from scoring.replay import replayed_results
from scoring.standings import fresh_results


@pytest.fixture
def scored_contest(contest):
    criteria = list(contest.criteria.all())
    for judge in contest.judges.all()[:3]:
        for contestant in contest.contestants.all()[:2]:
            sheet = ScoreSheet.objects.create(
                judge=judge, contestant=contestant, comment="思路清晰", submission_id="s1"
            )
            Score.objects.bulk_create(
                Score(sheet=sheet, criterion=c, value=20 + judge.order) for c in criteria
            )
    indicator = Indicator.objects.create(contest=contest, name="村集体增收", max_score=10)
    IndicatorScore.objects.create(
        indicator=indicator, contestant=contest.contestants.first(), value="5.5"
    )
    Recusal.objects.create(
        contest=contest,
        judge=contest.judges.last(),
        contestant=contest.contestants.last(),
        reason="亲属",
    )
    return contest


def test_round_trip_is_identical(scored_contest, other_organizer):
    document = export_contest(scored_contest)
    # As if moving the contest to another server: the original (whose audit trail cannot be
    # deleted) gives up its tokens, which the copy takes over.
    from contests.models import Contest, Judge, new_judge_token, new_screen_token

    for judge in scored_contest.judges.all():
        Judge.objects.filter(pk=judge.pk).update(token=new_judge_token())
    Contest.objects.filter(pk=scored_contest.pk).update(screen_token=new_screen_token())
    copy = import_contest(json.loads(json.dumps(document)), other_organizer, new_tokens=False)
    again = export_contest(copy)
    assert again == document
    assert copy.owner == other_organizer
    assert len(document["sheets"]) == 6


def test_import_into_same_database_needs_new_tokens(scored_contest, organizer):
    document = export_contest(scored_contest)
    with pytest.raises(FormatError, match="new-tokens"):
        import_contest(document, organizer)
    assert Contest.objects.count() == 1
    copy = import_contest(document, organizer, new_tokens=True)
    assert copy.judges.count() == scored_contest.judges.count()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "不是擂台赛导出文件"),
        (lambda d: d.update(format_version=99), "不支持的格式版本"),
        (lambda d: d["contestants"][0].update(group="404"), "不存在的键"),
        # The judge's endpoint's own messages, after the place in the document.
        (lambda d: d["sheets"][0]["scores"].update({"1": "99"}), r"sheets\[1\]: .*须在 0 到"),
        (lambda d: d["sheets"][0]["scores"].update({"1": "abc"}), "不是数字"),
        (lambda d: d["sheets"][0]["scores"].pop("1"), r"sheets\[1\]: 请为“.*”打分"),
        (lambda d: d["sheets"][0]["scores"].update({"1": "22.125"}), "须为 0.5 的整数倍"),
        (lambda d: d["sheets"][0]["scores"].update({"1": "22.3"}), "须为 0.5 的整数倍"),
        (lambda d: d["sheets"][0].update(status="bogus"), r"sheets\[1\]: status"),
        (lambda d: d["indicator_scores"][0].update(value="150.00"), "须在 0 到 10 之间"),
        (lambda d: d["indicator_scores"][0].update(value="8.125"), "最多两位小数"),
        (lambda d: d["judge_groups"][0].update(weight="0.4001"), r"judge_groups\[1\]: weight"),
        (lambda d: d["criteria"][0].update(weight="1.0001"), r"criteria\[1\]: weight"),
        (lambda d: d["contest"].update(score_step="0.25"), "contest: score_step"),
        (
            lambda d: d["contest"].update(judge_weight="0", indicator_weight="0"),
            "contest: ",
        ),
        (lambda d: d["contest"].update(judge_weight="80", indicator_weight="10"), "须为 100"),
        (lambda d: d["contest"].update(date="2026-13-01"), "格式错误"),
        (lambda d: d["contest"].pop("title"), "缺少字段"),
    ],
)
def test_bad_documents_import_nothing(scored_contest, organizer, mutate, message):
    document = export_contest(scored_contest)
    mutate(document)
    with pytest.raises(FormatError, match=message):
        import_contest(document, organizer, new_tokens=True)
    assert Contest.objects.count() == 1


def test_imported_sheets_are_in_the_audit_log(scored_contest, organizer):
    copy = import_contest(export_contest(scored_contest), organizer, new_tokens=True)
    entries = AuditEntry.objects.filter(contest=copy)
    assert entries.count() == ScoreSheet.objects.filter(contestant__contest=copy).count() == 6
    assert set(entries.values_list("user_agent", flat=True)) == {"import_contest"}
    # verify_audit's replay gives exactly the standings the sheets give.
    assert replayed_results(copy) == fresh_results(copy)


def test_commands_round_trip(scored_contest, organizer, tmp_path, capsys):
    path = tmp_path / "contest.json"
    call_command("export_contest", str(scored_contest.pk), "-o", str(path))
    text = path.read_text(encoding="utf-8")
    assert "选手1" in text  # Chinese kept readable, not \u-escaped
    call_command("import_contest", str(path), "--owner", "organizer", "--new-tokens")
    assert Contest.objects.count() == 2
    document = json.loads(text)
    document["contest"]["score_step"] = "0.25"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="未导入：contest: score_step"):
        call_command("import_contest", str(path), "--owner", "organizer", "--new-tokens")
    assert Contest.objects.count() == 2
    with pytest.raises(CommandError, match="没有用户"):
        call_command("import_contest", str(path), "--owner", "nobody")
    with pytest.raises(CommandError, match="没有编号"):
        call_command("export_contest", "999")
