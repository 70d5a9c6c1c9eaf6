"""The organizer's live controls: start, on stage, open/close scoring, finish; progress n/N."""

import uuid

import pytest
from django.urls import reverse

from contests import live
from contests.models import Contest, Contestant, Recusal
from scoring import progress
from scoring.sheets import SubmissionError, submit_sheet
from tests.conftest import console_post, values_for


def post(client, contest, action, contestant=None, **extra):
    return console_post(client, contest, action, contestant, **extra)


def console(client, contest) -> str:
    return client.get(reverse("organizer:live_control", args=[contest.pk])).content.decode()


def test_a_session_from_start_to_finish(organizer_client, contest):
    first, second = contest.contestants.all()[:2]
    post(organizer_client, contest, "start")
    contest.refresh_from_db()
    assert contest.status == Contest.Status.LIVE
    post(organizer_client, contest, "stage", first)
    first.refresh_from_db()
    assert first.scoring == Contestant.Scoring.OPEN
    judge = contest.judges.first()
    submit_sheet(judge, first, values_for(contest, 20), submission_id=uuid.uuid4().hex)
    # The next presenter closes the previous one's scoring, once the organizer confirms that
    # five judges' sheets will not come.
    post(organizer_client, contest, "stage", second, confirmed="1")
    first.refresh_from_db()
    second.refresh_from_db()
    contest.refresh_from_db()
    assert (first.scoring, second.scoring) == ("closed", "open")
    assert contest.live.current_contestant == second
    with pytest.raises(SubmissionError, match="已截止"):
        submit_sheet(judge, first, values_for(contest, 25), submission_id=uuid.uuid4().hex)
    post(organizer_client, contest, "open", first)  # reopened by hand for a late judge
    first.refresh_from_db()
    assert first.scoring == "open"
    assert "1/6" in console(organizer_client, contest)
    post(organizer_client, contest, "finish", confirmed="1")
    contest.refresh_from_db()
    assert contest.status == Contest.Status.CLOSED
    assert set(contest.contestants.values_list("scoring", flat=True)) == {"closed"}


def test_progress_counts_only_eligible_judges(contest):
    contestant = contest.contestants.first()
    Recusal.objects.create(contest=contest, judge=contest.judges.first(), contestant=contestant)
    own_unit = contest.judges.last()
    own_unit.unit = contestant.unit
    own_unit.save()
    row = progress.progress(contest)[0]
    assert (row["submitted"], row["eligible"]) == (0, 4)


def test_refusals_are_explained(organizer_client, contest):
    response = post(organizer_client, contest, "stage", contest.contestants.first())
    assert "请先开始擂台赛" in organizer_client.get(response["Location"]).content.decode()
    contest.contestants.all().delete()
    with pytest.raises(live.LiveError, match="请先添加打擂人"):
        live.start(contest)


def test_only_the_owner_controls_the_session(client, other_organizer, contest):
    client.force_login(other_organizer)
    assert post(client, contest, "start").status_code == 404
    contest.refresh_from_db()
    assert contest.status == Contest.Status.DRAFT


def test_judges_see_the_leaderboard_only_when_allowed(client, live_contest):
    judge = live_contest.judges.first()
    submit_sheet(
        judge,
        live_contest.contestants.first(),
        values_for(live_contest, 20),
        submission_id=uuid.uuid4().hex,
    )
    home = reverse("judge:home", args=[judge.token])
    assert "实时排名" not in client.get(home).content.decode()
    live_contest.judges_see_leaderboard = True
    live_contest.save()
    assert "实时排名" in client.get(home).content.decode()


def test_console_names_the_judges_still_missing(organizer_client, live_contest):
    contestant = live_contest.contestants.first()
    live.put_on_stage(live_contest, contestant)
    judges = list(live_contest.judges.all())
    submit_sheet(
        judges[0], contestant, values_for(live_contest, 20), submission_id=uuid.uuid4().hex
    )
    Recusal.objects.create(contest=live_contest, judge=judges[1], contestant=contestant)
    assert progress.missing_judges(live_contest, contestant) == judges[2:]
    page = organizer_client.get(reverse("organizer:live_control", args=[live_contest.pk]))
    text = page.content.decode()
    assert "尚未提交（4）" in text and judges[2].name in text and judges[0].name + "、" not in text


def sheets_from_all(contest, contestant, value=20, skip=()):
    for judge in contest.judges.exclude(pk__in=[j.pk for j in skip]):
        submit_sheet(judge, contestant, values_for(contest, value), submission_id=uuid.uuid4().hex)


def test_next_asks_first_while_sheets_are_missing(organizer_client, contest):
    first, second, third = contest.contestants.all()[:3]
    post(organizer_client, contest, "start")
    assert "下一位：" + first.name in console(organizer_client, contest)
    post(organizer_client, contest, "next")
    contest.refresh_from_db()
    assert contest.live.current_contestant == first and contest.live.screen == "stage"
    judges = list(contest.judges.all())
    submit_sheet(judges[0], first, values_for(contest, 20), submission_id=uuid.uuid4().hex)

    page = post(organizer_client, contest, "next").content.decode()  # asks, changes nothing
    contest.refresh_from_db()
    assert contest.live.current_contestant == first
    assert f"{first.name} 还有 5 位评委未提交" in page and f"6.{judges[5].name}" in page
    assert f"仍然让 {second.name} 上台" in page and 'name="confirmed" value="1"' in page

    sheets_from_all(contest, first, skip=judges[:1])  # every sheet in: no question
    post(organizer_client, contest, "next")
    contest.refresh_from_db()
    assert contest.live.current_contestant == second
    page = console(organizer_client, contest)
    assert "下一位：" + third.name in page
    # 上台 on the rows of the third and fourth only: the first is done, the second is up.
    assert page.count("/live/stage/") == 2


def test_finish_asks_first_while_presenters_are_incomplete(organizer_client, live_contest):
    first, second = live_contest.contestants.all()[:2]
    sheets_from_all(live_contest, first)
    submit_sheet(
        live_contest.judges.first(), second, values_for(live_contest, 20), submission_id="x" * 32
    )
    page = post(organizer_client, live_contest, "finish").content.decode()
    live_contest.refresh_from_db()
    assert live_contest.status == Contest.Status.LIVE
    assert f"{second.name} 1/6" in page and f"{first.name} 6/6" not in page
    post(organizer_client, live_contest, "finish", confirmed="1")
    live_contest.refresh_from_db()
    assert live_contest.status == Contest.Status.CLOSED
    page = console(organizer_client, live_contest)
    # Where 结束评分 stood, the way on, not a restart; reopening is further down, and asks.
    assert "开始擂台赛" not in page and "审核结果" in page
    assert "重新开放评分" in page and "data-confirm" in page


def test_the_projector_follows_the_stage_unless_told_not_to(organizer_client, live_contest):
    first, second = live_contest.contestants.all()[:2]
    live.set_screen(live_contest, "board")
    live.put_on_stage(live_contest, first)
    live_contest.refresh_from_db()
    assert live_contest.live.screen == "stage"
    post(organizer_client, live_contest, "follow", follow="0")
    post(organizer_client, live_contest, "screen", screen="board")
    live.put_on_stage(live_contest, second)
    live_contest.refresh_from_db()
    assert (live_contest.live.screen, live_contest.live.screen_follows_stage) == ("board", False)


def test_the_grid_shows_who_scored_whom_and_who_checked_in(client, organizer_client, contest):
    first, second = contest.contestants.all()[:2]
    judges = list(contest.judges.all())
    Recusal.objects.create(contest=contest, judge=judges[1], contestant=first)
    live.start(contest)
    live.put_on_stage(contest, first)
    submit_sheet(judges[0], first, values_for(contest, 20), submission_id=uuid.uuid4().hex)
    grid = progress.judge_grid(contest)
    assert [p["pk"] for p in grid["presenters"]][:2] == [first.pk, second.pk]
    cells = {row["judge"]["pk"]: row["cells"][:2] for row in grid["rows"]}
    assert cells[judges[0].pk] == ["done", "waiting"]  # the second has not been up yet
    assert cells[judges[1].pk] == ["recused", "waiting"]
    assert cells[judges[2].pk] == ["missing", "waiting"]
    assert grid["checked_in"] == 0

    # 签到: opening the link marks the judge present, once.
    client.get(reverse("judge:home", args=[judges[2].token]))
    judges[2].refresh_from_db()
    first_seen = judges[2].checked_in_at
    assert first_seen is not None
    client.get(reverse("judge:sheet", args=[judges[2].token, first.pk]))
    judges[2].refresh_from_db()
    assert judges[2].checked_in_at == first_seen
    page = console(organizer_client, contest)
    assert "已签到 1/6" in page and 'class="cell missing"' in page


def test_the_scores_button_waits_for_a_closed_presenter_and_screens_agree(
    organizer_client, live_contest
):
    """#28: 亮分 is offered only when there is something to show; the projector never shows an
    empty 亮分; the board's note and 亮分 say the same thing."""
    from live.frames import frame_html

    first = live_contest.contestants.first()
    page = console(organizer_client, live_contest)
    assert 'value="start" disabled' in page and "先让一位打擂人上台" in page
    assert 'name="screen" value="scores"' not in page  # no 亮分 screen with nothing on it
    live.put_on_stage(live_contest, first)
    page = console(organizer_client, live_contest)
    assert "截止 选手1 的评分后可亮分" in page and "截止评分：选手1" in page
    post(organizer_client, live_contest, "close", first)
    page = console(organizer_client, live_contest)
    assert "亮分：选手1" in page and 'value="start" disabled' not in page

    live.set_screen(live_contest, "scores")  # an old console's button: the screen says so
    live_contest.refresh_from_db()
    assert "等待亮分" in frame_html(live_contest, "projector")
    live.show_scores(live_contest, "start")
    live.set_screen(live_contest, "board")
    live_contest.refresh_from_db()
    note = frame_html(live_contest, "projector")
    assert "现场亮分只亮台上打擂人的得分" in note and "总分将在审核后公布" not in note
