"""现场亮分: after a presenter's scoring closes, the projector shows every judge's sheet total,
then marks the sheets the rules drop, then the final score, stepped from the console."""

import uuid

import pytest
from django.urls import reverse

from contests import live
from contests.models import Contest, LiveState
from scoring.sheets import submit_sheet
from scoring.standings import recompute
from tests.conftest import build_contest, values_for


@pytest.fixture
def scored(organizer):
    """Nine judges (3 市领导, 6 部门负责人), trimming one high and one low per group, all of
    them scoring the first presenter."""
    contest = build_contest(organizer, judges=9)
    live.start(contest)
    first = contest.contestants.order_by("order").first()
    live.put_on_stage(contest, first)
    for n, judge in enumerate(contest.judges.order_by("order")):
        values = values_for(contest, 15 + n)  # 60 … 92 points: one highest, one lowest a group
        submit_sheet(judge, first, values, submission_id=uuid.uuid4().hex)
    recompute(contest.pk)  # the queued one would run on commit, which a test never reaches
    contest.refresh_from_db()
    return contest, first


def frame(client, contest) -> str:
    return client.get(reverse("screen:frame", args=[contest.screen_token])).content.decode()


def console_post(client, contest, step):
    url = reverse("organizer:live_scores", args=[contest.pk])
    return client.post(url, {"step": step}, follow=True).content.decode()


def test_scores_are_shown_step_by_step(client, organizer_client, scored):
    contest, first = scored
    page = console_post(organizer_client, contest, "start")  # scoring still open: refused
    assert "评分尚未截止" in page
    live.set_scoring(contest, first, "closed")
    console_post(organizer_client, contest, "start")
    contest.refresh_from_db()
    assert (contest.live.screen, contest.live.scores_step, contest.live.scores_contestant) == (
        "scores",
        1,
        first,
    )
    shown = frame(client, contest)
    assert first.name in shown and shown.count("<li") == 9 and "评委9" in shown
    assert "60.00" in shown and "92.00" in shown
    assert "去掉" not in shown and "最后得分" not in shown

    console_post(organizer_client, contest, "next")
    shown = frame(client, contest)
    # One highest and one lowest in each of the two judge groups.
    assert shown.count("去掉最高分") == 2 and shown.count("去掉最低分") == 2
    assert shown.count('class="dropped"') == 4 and "最后得分" not in shown

    console_post(organizer_client, contest, "next")
    console_post(organizer_client, contest, "next")  # stays at the last step
    contest.refresh_from_db()
    assert contest.live.scores_step == 3
    shown = frame(client, contest)
    total = contest.snapshots.order_by("-version").first().data["results"]
    row = next(r for r in total if r["contestant"] == first.pk)
    assert f"最后得分 <b>{row['total']}</b>" in shown
    console_post(organizer_client, contest, "previous")
    contest.refresh_from_db()
    assert contest.live.scores_step == 2


def test_scores_need_a_presenter_whose_scoring_closed(organizer):
    contest = build_contest(organizer)
    live.start(contest)
    with pytest.raises(live.LiveError, match="请先让一位汇报人上台"):
        live.show_scores(contest, "start")
    with pytest.raises(live.LiveError):
        live.show_scores(contest, "explode")
    assert LiveState.objects.get(contest=contest).screen == "welcome"


def test_judges_are_named_only_when_the_contest_says_so(client, scored):
    contest, first = scored
    live.set_scoring(contest, first, "closed")
    live.show_scores(contest, "start")
    judge = contest.judges.order_by("order").first()
    assert judge.name not in frame(client, contest).replace("评委1", "")
    Contest.objects.filter(pk=contest.pk).update(report_judge_names=True)
    assert judge.name in frame(client, contest)
