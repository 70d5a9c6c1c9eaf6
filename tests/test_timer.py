"""The speaker's countdown: server time, pause/resume, +1 minute, automatic start on stage."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import live
from tests.conftest import console_post

T0 = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def state(contest, seconds):
    contest.refresh_from_db()
    return contest.live.timer_state(at(seconds))


def test_start_pause_resume_add_minute_reset(live_contest):
    assert state(live_contest, 0) == {"state": "idle", "left": 480.0}
    live.timer(live_contest, "start", now=at(0))
    assert state(live_contest, 100) == {"state": "running", "left": 380.0}
    live.timer(live_contest, "pause", now=at(100))
    assert state(live_contest, 500) == {"state": "paused", "left": 380.0}  # paused: time stands
    live.timer(live_contest, "add_minute", now=at(500))
    assert state(live_contest, 500)["left"] == 440.0
    live.timer(live_contest, "resume", now=at(600))
    assert state(live_contest, 610) == {"state": "running", "left": 430.0}
    live.timer(live_contest, "add_minute", now=at(610))
    assert state(live_contest, 610)["left"] == 490.0
    assert state(live_contest, 1200)["left"] < 0  # time's up shows as negative
    live.timer(live_contest, "reset", now=at(1200))
    assert state(live_contest, 1200)["state"] == "idle"
    with pytest.raises(live.LiveError):
        live.timer(live_contest, "explode")


def test_next_speaker_starts_the_clock(live_contest):
    before = timezone.now()
    live.put_on_stage(live_contest, live_contest.contestants.first())
    live_contest.refresh_from_db()
    left = live_contest.live.timer_state()["left"]
    assert live_contest.live.timer_ends_at >= before and 479 <= left <= 480


def test_console_timer_buttons(organizer_client, live_contest):
    live.put_on_stage(live_contest, live_contest.contestants.first())
    url = reverse("organizer:live_control", args=[live_contest.pk])
    assert 'value="pause"' in organizer_client.get(url).content.decode()
    console_post(organizer_client, live_contest, "timer", timer="pause")
    live_contest.refresh_from_db()
    assert live_contest.live.timer_state()["state"] == "paused"
    assert 'value="resume"' in organizer_client.get(url).content.decode()


def test_frames_carry_the_seconds_left(client, live_contest):
    live.put_on_stage(live_contest, live_contest.contestants.first())
    live.set_screen(live_contest, "stage")
    page = client.get(reverse("screen:frame", args=[live_contest.screen_token])).content.decode()
    assert 'data-state="running"' in page
    assert ">8:00<" in page or ">7:59<" in page


def test_past_the_end_the_clock_counts_the_overtime():
    running = {"state": "running", "left": -42.4}
    assert live.clock_text(running) == "+0:42"
    assert live.clock_text({"state": "paused", "left": -61.0}) == "+1:01"
    assert live.clock_text({"state": "running", "left": 0.0}) == "+0:00"
    assert live.clock_text({"state": "running", "left": 0.2}) == "0:01"
    assert live.clock_text({"state": "idle", "left": 480.0}) == "8:00"


def test_frames_show_the_overtime(client, live_contest):
    live.put_on_stage(live_contest, live_contest.contestants.first())
    live.set_screen(live_contest, "stage")
    live_contest.refresh_from_db()
    live_contest.live.timer_ends_at = timezone.now() - dt.timedelta(seconds=75)
    live_contest.live.save(update_fields=["timer_ends_at"])
    frame = client.get(reverse("screen:frame", args=[live_contest.screen_token])).content.decode()
    assert "time-up" in frame and "超时" in frame and "+1:1" in frame  # +1:15, or +1:16
