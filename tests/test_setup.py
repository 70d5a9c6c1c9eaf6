import datetime as dt

import pytest

from contests import setup
from contests.models import Contest


def test_presets_replace_criteria(contest):
    # 五大比拼 names four; the fifth is the organizer's, and the preset will not invent it.
    with pytest.raises(setup.SetupError, match="自行命名"):
        setup.apply_preset(contest, "wubi")
    assert contest.criteria.count() == 4  # the 四看 from before, untouched
    setup.apply_preset(contest, "wubi", [" 比作风\u200b看担当 "])
    names = list(contest.criteria.values_list("name", flat=True))
    assert names == ["比谋划看储备", "比招商看投资", "比开工看进度", "比服务看实效", "比作风看担当"]
    assert sum(c.max_score for c in contest.criteria.all()) == 100


def test_unknown_preset_is_refused(contest):
    with pytest.raises(setup.SetupError):
        setup.apply_preset(contest, "nope")


def test_move_swaps_neighbours_and_keeps_orders_unique(contest):
    first, second = contest.contestants.all()[:2]
    setup.move(second, -1)
    assert list(contest.contestants.values_list("name", flat=True))[:2] == [second.name, first.name]
    assert list(contest.contestants.values_list("order", flat=True)) == [1, 2, 3, 4]
    setup.move(contest.contestants.first(), -1)  # already first: nothing happens
    assert contest.contestants.first().name == second.name


def test_draw_is_reproducible_from_its_seed(contest, organizer):
    seed = setup.draw_order(contest, "20261122")
    drawn = list(contest.contestants.values_list("name", flat=True))
    twin = setup.copy_contest(
        contest, organizer, title="副本", date=dt.date(2026, 1, 1), include_contestants=True
    )
    setup.draw_order(twin, seed)
    assert list(twin.contestants.values_list("name", flat=True)) == drawn
    contest.refresh_from_db()
    assert contest.draw_seed == "20261122"


def test_draw_sequence_matches_documented_recipe():
    import random

    names = [("单位B", "乙"), ("单位A", "甲"), ("单位C", "丙")]
    ordered = sorted(names)
    random.Random("42").shuffle(ordered)
    assert [names[i] for i in setup.draw_sequence(names, "42")] == ordered


def test_draw_generates_a_seed_when_none_given(contest):
    seed = setup.draw_order(contest)
    assert seed.isdigit() and len(seed) == 6


def test_no_draw_once_live(contest):
    contest.status = Contest.Status.LIVE
    contest.save()
    with pytest.raises(setup.SetupError):
        setup.draw_order(contest)


def test_copy_contest_as_template(contest, organizer):
    copy = setup.copy_contest(
        contest,
        organizer,
        title="第二场",
        date=dt.date(2026, 12, 1),
        include_contestants=False,
        include_judges=True,
    )
    assert copy.status == Contest.Status.DRAFT
    assert copy.criteria.count() == 4
    assert copy.contestant_groups.count() == 2
    assert copy.contestants.count() == 0
    assert copy.judges.count() == contest.judges.count()
    assert not set(copy.judges.values_list("token", flat=True)) & set(
        contest.judges.values_list("token", flat=True)
    )
    assert {g.name: g.weight for g in copy.judge_groups.all()} == {
        g.name: g.weight for g in contest.judge_groups.all()
    }
    judge = copy.judges.get(order=1)
    assert judge.group.contest_id == copy.pk


def test_signed_off_contest_refuses_setup_changes(contest):
    contest.status = Contest.Status.SIGNED_OFF
    contest.save()
    with pytest.raises(setup.SetupError):
        setup.apply_preset(contest, "sikan")


def test_a_draw_reorders_a_board_already_shown(
    contest, organizer_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from scoring import standings

    standings.recompute(contest.pk)  # a projector opened before the draw: version 1
    before = [row["name"] for row in standings.latest_snapshot(contest).data["results"]]
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(reverse("organizer:draw", args=[contest.pk]), {"seed": "7"})
    drawn = list(contest.contestants.order_by("order").values_list("name", flat=True))
    assert drawn != before  # seed 7 moves someone
    after = [row["name"] for row in standings.latest_snapshot(contest).data["results"]]
    assert after == drawn  # the board follows the draw at once, not at the first score
