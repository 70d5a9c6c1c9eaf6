import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from contests.models import Contest, Contestant, Criterion, Judge


def test_contest_defaults(contest):
    assert contest.status == Contest.Status.DRAFT
    assert contest.minutes_per_speaker == 8
    assert contest.is_editable


def test_contestant_order_unique_within_contest(contest, organizer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contestant.objects.create(contest=contest, name="重复", unit="某局", order=1)
    other = Contest.objects.create(owner=organizer, title="另一场", date=dt.date(2026, 1, 1))
    Contestant.objects.create(contest=other, name="重复", unit="某局", order=1)


def test_criterion_max_score_must_be_positive(contest):
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(contest=contest, name="负分项", max_score=Decimal(-1))


def test_judge_tokens_are_long_unique_and_regenerated(contest):
    judge = contest.judges.first()
    tokens = set(contest.judges.values_list("token", flat=True))
    assert len(tokens) == contest.judges.count()
    assert all(len(token) >= 43 for token in tokens)  # 32 random bytes, base64url
    old = judge.token
    judge.regenerate_token()
    assert judge.token != old
    with pytest.raises(IntegrityError), transaction.atomic():
        Judge.objects.create(contest=contest, name="冒名", token=judge.token)


def test_weights_cannot_both_be_zero(organizer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contest.objects.create(
            owner=organizer,
            title="无权重",
            date=dt.date(2026, 1, 1),
            judge_weight=0,
            indicator_weight=0,
        )
