"""Projector and audience screens: public, read-only, totals hidden until allowed, SSE stream."""

import asyncio
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.db.models import F
from django.test import AsyncRequestFactory
from django.urls import reverse

from contests import live, screens
from contests.models import Contest, Contestant
from scoring.events import publish_standings_changed
from scoring.sheets import submit_sheet
from tests.conftest import values_for


def frame(client, contest, **params):
    return client.get(reverse("screen:frame", args=[contest.screen_token]), params).content.decode()


def score(contest, judge, contestant, value):
    submit_sheet(judge, contestant, values_for(contest, value), submission_id=uuid.uuid4().hex)


@pytest.mark.django_db(transaction=True)
def test_board_hides_totals_until_allowed_and_shows_movement(client, live_contest):
    a, b = live_contest.contestants.all()[:2]
    judge = live_contest.judges.first()
    live.set_screen(live_contest, "board")
    score(live_contest, judge, a, 20)
    page = frame(client, live_contest)
    assert "总分将在审核后公布" in page and "80.00" not in page
    live.set_show_totals(live_contest, True)
    score(live_contest, judge, b, 25)  # b overtakes a
    page = frame(client, live_contest, layout="phone")  # one overall board
    assert "100.00" in page and "80.00" in page
    assert "▼1" in page  # a moved down one place since the previous version
    grouped = frame(client, live_contest)  # projector: one table per group, a and b both first
    assert grouped.count("<caption>") == 2 and "▼" not in grouped


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


def seconds_left(page: str) -> float:
    return float(re.search(r'data-left="([-0-9.]+)"', page).group(1))


def test_a_cached_frame_keeps_counting_down_and_changes_with_what_it_shows(client, live_contest):
    contestant = live_contest.contestants.first()
    live.put_on_stage(live_contest, contestant)  # starts the speaker's clock
    live.set_screen(live_contest, "stage")
    screens._frames.clear()
    first = frame(client, live_contest)
    # A minute later by the clock: the same frame from the cache, its countdown rendered anew.
    Contest.objects.filter(pk=live_contest.pk).update(
        timer_ends_at=F("timer_ends_at") - timedelta(minutes=1)
    )
    later = frame(client, live_contest)
    assert len(screens._frames) == 1
    assert 59 < seconds_left(first) - seconds_left(later) < 61
    assert later.count('role="timer"') == 1 and screens.COUNTDOWN_SLOT not in later

    Contestant.objects.filter(pk=contestant.pk).update(name="改过的名字")  # no updated_at touched
    assert "改过的名字" in frame(client, live_contest)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "On stage" in frame(client, live_contest)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "正在汇报" in frame(client, live_contest)
    assert len(screens._frames) == 3


def test_a_name_cannot_stand_in_for_the_countdown(client, live_contest):
    contestant = live_contest.contestants.first()
    Contestant.objects.filter(pk=contestant.pk).update(name=str(screens.COUNTDOWN_SLOT))
    live.put_on_stage(live_contest, contestant)
    live.set_screen(live_contest, "stage")
    page = frame(client, live_contest)
    assert page.count('role="timer"') == 1 and "&lt;!--arena:countdown--&gt;" in page


def test_console_switches_the_projector(organizer_client, live_contest):
    url = reverse("organizer:live_control", args=[live_contest.pk])
    organizer_client.post(url, {"action": "screen", "screen": "board"})
    organizer_client.post(url, {"action": "totals", "show": "1"})
    live_contest.refresh_from_db()
    assert (live_contest.screen, live_contest.show_totals) == ("board", True)
    page = organizer_client.get(url).content.decode()
    assert reverse("screen:projector", args=[live_contest.screen_token]) in page
    for value in ("welcome", "stage", "board"):
        assert f'name="screen" value="{value}"' in page


@pytest.mark.django_db(transaction=True)
def test_event_stream_sends_version_then_updates(live_contest):
    score(live_contest, live_contest.judges.first(), live_contest.contestants.first(), 20)

    async def scenario():
        request = AsyncRequestFactory().get("/events/")
        response = await screens.events(request, live_contest.screen_token)
        assert response["Content-Type"] == "text/event-stream"
        chunks = response.streaming_content
        first = (await chunks.__anext__()).decode()
        assert "id: 1\n" in first and "event: update" in first
        # The open stream holds no database connection (the query thread closed it). SQLite's
        # in-memory test database never closes, so the PostgreSQL pass is the one that checks.
        if connections["default"].vendor == "postgresql":
            assert await sync_to_async(lambda: connections["default"].connection)() is None
        waiting = asyncio.ensure_future(chunks.__anext__())
        await asyncio.sleep(0.3)  # let the stream subscribe
        await asyncio.to_thread(publish_standings_changed, live_contest.pk, 7)
        assert "id: 7\n" in (await asyncio.wait_for(waiting, 5)).decode()
        await chunks.aclose()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_event_stream_unknown_token(db):
    async def scenario():
        response = await screens.events(AsyncRequestFactory().get("/"), "nope" * 4)
        assert response.status_code == 404

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=10)


def test_totals_always_visible_once_signed_off(live_contest):
    assert not screens.totals_visible(live_contest)
    live_contest.status = Contest.Status.SIGNED_OFF
    assert screens.totals_visible(live_contest)


@pytest.mark.skipif(not settings.REDIS_URL, reason="runs in the PostgreSQL + Redis pass")
def test_streams_of_a_process_share_one_redis_subscription():
    """Many screens, one pub/sub connection: events reach exactly their contest's streams, and
    when the connection drops every stream ends (screens reconnect and re-fetch)."""
    import redis

    from scoring.events import HubDown, RedisBus, channel_name

    bus = RedisBus(settings.REDIS_URL)
    admin = redis.Redis.from_url(settings.REDIS_URL)

    def pubsub_clients() -> int:
        return sum(1 for client in admin.client_list() if "P" in client["flags"])

    async def scenario():
        before = await asyncio.to_thread(pubsub_clients)
        subscriptions = [bus.subscribe(contest) for contest in (101, 101, 101, 202)]
        for subscription in subscriptions:
            await subscription.__aenter__()
        assert await asyncio.to_thread(pubsub_clients) == before + 1
        await asyncio.to_thread(bus.publish, 101, 5)
        assert [await s.next(timeout=5) for s in subscriptions[:3]] == [5, 5, 5]
        assert await subscriptions[3].next(timeout=0.3) is None  # another contest's event
        await asyncio.to_thread(bus.publish, 202, 9)
        assert await subscriptions[3].next(timeout=5) == 9

        await subscriptions[0].__aexit__(None, None, None)  # one screen leaves
        await asyncio.to_thread(bus.publish, 101, 6)
        assert [await s.next(timeout=5) for s in subscriptions[1:3]] == [6, 6]

        await asyncio.to_thread(admin.client_kill_filter, _type="pubsub")
        for subscription in subscriptions[1:]:
            with pytest.raises(HubDown):
                await subscription.next(timeout=5)
        # The next screen to connect opens a new subscription.
        again = bus.subscribe(202)
        await again.__aenter__()
        await asyncio.to_thread(bus.publish, 202, 10)
        assert await again.next(timeout=5) == 10
        await again.__aexit__(None, None, None)
        assert channel_name(202) == "arena:contest:202:standings"

    # A thread of its own: Playwright's session may already run an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=60)
