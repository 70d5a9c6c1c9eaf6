"""The projector's final reveal (optionally from the last place up) and awards states."""

import pytest
from django.urls import reverse

from contests import live
from scoring import results
from tests.conftest import console_post


def frame(client, contest, layout="projector"):
    url = reverse("screen:frame", args=[contest.screen_token])
    return client.get(url, {"layout": layout}).content.decode()


def ranked_names(contest):
    return [r["name"] for r in results.results_snapshot(contest).data["results"] if r["rank"]]


def test_reveal_waits_for_scoring_to_end(live_contest):
    with pytest.raises(live.LiveError):
        live.reveal(live_contest, "next")


def test_reveal_from_the_last_place_up(client, finished_contest):
    live.set_show_totals(finished_contest, True)
    names = ranked_names(finished_contest)
    live.reveal(finished_contest, "restart")
    finished_contest.refresh_from_db()
    assert finished_contest.live.screen == "reveal"
    page = frame(client, finished_contest)
    assert f"还有 {len(names)} 个名次待揭晓" in page
    assert not any(name in page for name in names)
    live.reveal(finished_contest, "next")
    finished_contest.refresh_from_db()
    for layout in ("projector", "phone"):
        page = frame(client, finished_contest, layout)
        assert names[-1] in page and names[0] not in page
        assert "just-revealed" in page
    live.reveal(finished_contest, "next")
    live.reveal(finished_contest, "previous")
    finished_contest.refresh_from_db()
    assert finished_contest.live.revealed_count == 1
    live.reveal(finished_contest, "all")
    finished_contest.refresh_from_db()
    page = frame(client, finished_contest)
    assert all(name in page for name in names) and "待揭晓" not in page
    assert page.index(names[0]) < page.index(names[-1])


def test_reveal_everything_at_once_when_chosen(client, finished_contest):
    finished_contest.reveal_from_bottom = False
    finished_contest.show_totals = True
    finished_contest.save()
    live.set_screen(finished_contest, "reveal")
    finished_contest.refresh_from_db()
    page = frame(client, finished_contest)
    assert all(name in page for name in ranked_names(finished_contest))


def test_hidden_totals_keep_the_reveal_until_sign_off(client, finished_contest, organizer):
    live.reveal(finished_contest, "all")
    finished_contest.refresh_from_db()
    names = ranked_names(finished_contest)
    page = frame(client, finished_contest)
    assert "审核签字后公布" in page and names[0] not in page
    version = results.results_snapshot(finished_contest).version
    results.sign_off(finished_contest, organizer, official="张审核", role="review", version=version)
    finished_contest.refresh_from_db()
    assert names[0] in frame(client, finished_contest)


def test_awards_state_lists_red_flags_and_snails(client, finished_contest):
    finished_contest.red_flag_count, finished_contest.snail_count = 1, 1
    finished_contest.show_totals = True
    finished_contest.save()
    live.set_screen(finished_contest, "awards")
    finished_contest.refresh_from_db()
    names = ranked_names(finished_contest)
    for layout in ("projector", "phone"):
        page = frame(client, finished_contest, layout)
        positions = [page.index(text) for text in ("红旗", names[0], "蜗牛奖", names[-1])]
        assert positions == sorted(positions)
    finished_contest.red_flag_count = finished_contest.snail_count = 0
    finished_contest.save()
    assert "本场未设红旗" in frame(client, finished_contest)


def test_console_steps_the_reveal(organizer_client, finished_contest):
    url = reverse("organizer:live_control", args=[finished_contest.pk])
    page = organizer_client.get(url).content.decode()
    assert "揭晓下一名" in page
    console_post(organizer_client, finished_contest, "reveal", step="next")
    console_post(organizer_client, finished_contest, "reveal", step="next")
    finished_contest.refresh_from_db()
    assert (finished_contest.live.screen, finished_contest.live.revealed_count) == ("reveal", 2)
    response = console_post(organizer_client, finished_contest, "reveal", follow=True, step="bogus")
    assert "未知的揭晓操作" in response.content.decode()
