"""Projector and audience screens: public, read-only, totals hidden until allowed, SSE stream."""

import re
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from contests import live
from contests.models import Contest
from live import frames
from scoring.sheets import submit_sheet
from tests.conftest import console_post, values_for


def frame(client, contest, **params):
    return client.get(reverse("screen:frame", args=[contest.screen_token]), params).content.decode()


def board(page: str) -> str:
    """The frame without the ▲▼ legend under the board."""
    return page.split('class="board-note"')[0]


def score(contest, judge, contestant, value):
    submit_sheet(judge, contestant, values_for(contest, value), submission_id=uuid.uuid4().hex)


@pytest.mark.django_db(transaction=True)
def test_board_hides_totals_until_allowed_and_shows_movement(client, live_contest):
    a, b, c = live_contest.contestants.all()[:3]
    first_judge, second_judge = live_contest.judges.all()[:2]
    live.set_screen_follows_stage(live_contest, False)  # the board stays up throughout
    live.set_screen(live_contest, "board")
    live.put_on_stage(live_contest, a, close_previous=False)
    score(live_contest, first_judge, a, 20)
    page = frame(client, live_contest)
    assert "总分和排名在审核签字后公布" in page
    assert "80.00" not in page and "较上一位评分前" not in page
    live.set_show_totals(live_contest, True)
    live.put_on_stage(live_contest, b, close_previous=False)
    score(live_contest, first_judge, b, 25)  # b overtakes a
    page = frame(client, live_contest, layout="phone")  # one overall board
    assert "100.00" in page and "80.00" in page
    assert "▼1" in board(page) and "▲" not in board(page)  # a, against when b went up
    assert "较上一位评分前" in page
    grouped = frame(client, live_contest)  # projector: one table per group, a and b both first
    assert grouped.count("<caption>") == 2 and "▼" not in board(grouped)
    # A newer version while b is still on stage: the move stays (not against the last version).
    score(live_contest, second_judge, b, 24)
    assert "▼1" in frame(client, live_contest, layout="phone")
    live.put_on_stage(live_contest, c, close_previous=False)  # the next presenter: moves reset
    page = frame(client, live_contest, layout="phone")
    assert "▼" not in board(page) and "▲" not in board(page)


def test_stage_and_welcome_frames(client, live_contest):
    contestant = live_contest.contestants.first()
    assert live_contest.title in frame(client, live_contest)
    live.put_on_stage(live_contest, contestant)
    live.set_screen(live_contest, "stage")
    page = frame(client, live_contest)
    assert contestant.name in page and "已评分" in page and "0</b> / 6" in page


def test_screens_are_public_read_only_and_unguessable(client, live_contest):
    token = live_contest.screen_token
    for name in ("screen:projector", "screen:audience", "screen:frame"):
        assert client.get(reverse(name, args=[token])).status_code == 200
        assert client.post(reverse(name, args=[token])).status_code == 405
        assert client.get(reverse(name, args=["x" * 16])).status_code == 404
    assert client.get(reverse("screen:projector", args=[str(live_contest.pk)])).status_code == 404
    page = client.get(reverse("screen:projector", args=[token])).content.decode()
    assert "hx-sse" in page and "cdn" not in page


def test_names_are_escaped_on_screens(client, live_contest):
    contestant = live_contest.contestants.first()
    contestant.name = "<img src=x onerror=alert(1)>"
    contestant.save()
    live.put_on_stage(live_contest, contestant)
    live.set_screen(live_contest, "stage")
    page = frame(client, live_contest)
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_frame_counts_down_by_the_end_time_on_the_servers_clock(client, live_contest):
    """A pushed frame may reach a screen later than it was rendered: it carries when the
    countdown ends, not how many seconds were left then."""
    contestant = live_contest.contestants.first()
    live.put_on_stage(live_contest, contestant)  # starts the speaker's clock
    live.set_screen(live_contest, "stage")
    live_contest.refresh_from_db()
    page = frame(client, live_contest)
    ends = int(re.search(r'data-ends-at="(\d+)"', page).group(1))
    assert ends == int(live_contest.live.timer_ends_at.timestamp() * 1000)
    assert page.count('role="timer"') == 1
    live.timer(live_contest, "pause")
    paused = frame(client, live_contest)
    assert 'data-state="paused"' in paused and 'data-ends-at=""' in paused
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "On stage" in frame(client, live_contest)


def test_console_switches_the_projector(organizer_client, live_contest):
    console_post(organizer_client, live_contest, "screen", screen="board")
    console_post(organizer_client, live_contest, "totals", show="1")
    live_contest.refresh_from_db()
    assert (live_contest.live.screen, live_contest.show_totals) == ("board", True)
    url = reverse("organizer:live_control", args=[live_contest.pk])
    page = organizer_client.get(url).content.decode()
    assert reverse("screen:projector", args=[live_contest.screen_token]) in page
    for value in ("welcome", "stage", "board"):
        assert f'name="screen" value="{value}"' in page


def test_totals_always_visible_once_signed_off(live_contest):
    assert not frames.totals_visible(live_contest)
    live_contest.status = Contest.Status.SIGNED_OFF
    assert frames.totals_visible(live_contest)
