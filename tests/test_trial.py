"""试评: before the start judges try the sheet on a dummy presenter; never counted, cleared
when the contest starts."""

import pytest
from django.urls import reverse

from contests import live
from scoring.models import AuditEntry, ScoreSheet, TrialSheet
from tests.conftest import values_for

pytestmark = pytest.mark.django_db


def post(client, judge, values, **headers):
    form = {f"score_{pk}": value for pk, value in values.items()}
    return client.post(reverse("judge:trial", args=[judge.token]), form, **headers)


def test_a_trial_sheet_is_checked_kept_apart_and_cleared_at_the_start(
    client, organizer_client, contest
):
    judge = contest.judges.first()
    home = client.get(reverse("judge:home", args=[judge.token])).content.decode()
    assert reverse("judge:trial", args=[judge.token]) in home and "不计分" in home
    page = client.get(reverse("judge:trial", args=[judge.token])).content.decode()
    assert "这是试评" in page and 'id="sheet-form"' in page and 'class="chip"' in page
    assert "<h1>试评（不计分）</h1>" in page  # a dummy presenter has no place in the order

    refused = post(client, judge, values_for(contest, 30), HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and "0 到 25" in refused.json()["message"]
    answer = post(client, judge, values_for(contest, 20), HTTP_ACCEPT="application/json")
    assert answer.json()["recorded"] and answer.json()["version"] == 1
    answer = post(client, judge, values_for(contest, 21), HTTP_ACCEPT="application/json")
    assert answer.json()["version"] == 2
    assert not ScoreSheet.objects.exists() and not AuditEntry.objects.exists()  # never counted
    console = organizer_client.get(reverse("organizer:live_control", args=[contest.pk]))
    assert "已试评 1 位" in console.content.decode()

    live.start(contest)
    assert not TrialSheet.objects.exists()
    over = post(client, judge, values_for(contest, 20), HTTP_ACCEPT="application/json")
    assert over.status_code == 409 and "试评已结束" in over.json()["message"]
    page = client.get(reverse("judge:trial", args=[judge.token])).content.decode()
    assert "试评已结束" in page and 'id="sheet-form"' not in page


def test_without_javascript_a_refused_trial_shows_why_on_the_page(client, contest):
    judge = contest.judges.first()
    response = post(client, judge, values_for(contest, 30))
    assert response.status_code == 400
    page = response.content.decode()
    assert "须在 0 到 25 之间" in page and "这是试评" in page
    response = post(client, judge, values_for(contest, 20))
    assert response.status_code == 303 and response["Location"].endswith("?saved=1")
