"""Generated hostile input against every form and endpoint: never a server error, every
refusal a clear message, nothing stored by a refused request.

Ten endpoints × ARENA_FUZZ_EXAMPLES (1,000) cases = 10,000 cases per run: random and huge text,
CJK and emoji, markup and script payloads, control characters, wrong encodings, random files.
"""

import os
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contests.models import Contest, Contestant, Criterion, Judge
from scoring.models import AuditEntry, JudgeFeedback, ScoreSheet, SheetSubmission

EXAMPLES = int(os.environ.get("ARENA_FUZZ_EXAMPLES", "1000"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil")',
    "+1-1",
    "@SUM(A1)",
    "'; DROP TABLE contests_contest; --",
    "../../etc/passwd",
    "NaN",
    "Infinity",
    "-0",
    "1e9999",
    "0x1F",
    "２５",  # full-width digits
    "25.000000000000000001",
    "😀🎉" * 30,
    "王" * 2000,
    "x" * 100_000,
    "\x00\x01\x1b[31m",
    "\u202eevil",
    "",
    " ",
]
nasty = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=60),
    st.text(max_size=300),
    st.from_regex(r"-?[0-9]{0,4}(\.[0-9]{0,4})?", fullmatch=True),
)


COUNTED = (Contest, Criterion, Contestant, Judge, ScoreSheet, SheetSubmission, AuditEntry)


def counts() -> tuple:
    return (*(model.objects.count() for model in COUNTED), JudgeFeedback.objects.count())


def check(response, before: tuple | None = None) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400 and response.get("Content-Type", "").startswith(
        "application/json"
    ):
        assert response.json().get("message")
    if before is not None and response.status_code >= 400:
        assert counts() == before, "a refused request stored something"


@contextmanager
def each_case_alone():
    """Roll every generated case back, so cases do not pile data up for the next ones (which
    would also slow every later case down)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    settings.JUDGE_POSTS_PER_MINUTE = 10**9
    cache.clear()


@fuzz
@given(
    submission_id=nasty,
    scores=st.lists(nasty, min_size=0, max_size=6),
    comment=nasty,
    base=nasty,
    extra=st.dictionaries(nasty, nasty, max_size=3),
)
def test_judge_sheet(live_contest, judge, contestant, submission_id, scores, comment, base, extra):
    with each_case_alone():
        criteria = list(live_contest.criteria.values_list("pk", flat=True))
        data = {**extra, "submission_id": submission_id, "comment": comment, "base_version": base}
        data.update({f"score_{pk}": value for pk, value in zip(criteria, scores, strict=False)})
        before = counts()
        url = reverse("judge:sheet", args=[judge.token, contestant.pk])
        check(Client().post(url, data, HTTP_ACCEPT="application/json"), before)


@fuzz
@given(
    body=st.binary(max_size=3000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded; charset=gbk",
            "application/x-www-form-urlencoded; charset=bogus",
            "multipart/form-data; boundary=xyz",
            "application/json",
            "text/plain; charset=utf-16",
        ]
    ),
)
def test_judge_sheet_raw_bodies(judge, contestant, body, content_type):
    with each_case_alone():
        before = counts()
        url = reverse("judge:sheet", args=[judge.token, contestant.pk])
        response = Client().generic(
            "POST", url, body, content_type=content_type, HTTP_ACCEPT="application/json"
        )
        check(response, before)


@fuzz
@given(message=nasty, contestant=nasty)
def test_judge_feedback(judge, message, contestant):
    with each_case_alone():
        response = Client().post(
            reverse("judge:feedback", args=[judge.token]),
            {"message": message, "contestant": contestant},
            HTTP_ACCEPT="application/json",
        )
        check(response)


@fuzz
@given(
    slug=st.sampled_from(
        ["criteria", "contestant-groups", "judge-groups", "contestants", "judges", "indicators"]
    ),
    fields=st.fixed_dictionaries(
        {
            "name": nasty,
            "description": nasty,
            "max_score": nasty,
            "weight": nasty,
            "unit": nasty,
            "title": nasty,
            "topic": nasty,
            "group": nasty,
        }
    ),
)
def test_setup_lists(contest, organizer_client, slug, fields):
    with each_case_alone():
        before = counts()
        response = organizer_client.post(
            reverse("organizer:item_add", args=[contest.pk, slug]), fields, HTTP_HX_REQUEST="true"
        )
        check(response)
        if response.status_code == 422:
            assert counts() == before


CONTEST_FIELDS = [
    "title", "date", "venue", "organizer_name", "level", "minutes_per_speaker", "score_step",
    "aggregation", "trim_count", "judge_weight", "indicator_weight", "red_flag_count",
    "snail_count",
]  # fmt: skip


@fuzz
@given(fields=st.dictionaries(st.sampled_from(CONTEST_FIELDS), nasty, max_size=13))
def test_contest_form(organizer_client, contest, fields):
    with each_case_alone():
        before = counts()
        response = organizer_client.post(reverse("organizer:contest_create"), fields)
        check(response)
        if response.status_code == 422:  # the form shown again with its errors
            assert counts() == before
        check(organizer_client.post(reverse("organizer:contest_basics", args=[contest.pk]), fields))


@fuzz
@given(cells=st.lists(nasty, max_size=8))
def test_indicator_table(contest, organizer_client, cells):
    with each_case_alone():
        from contests.models import Indicator

        indicator = Indicator.objects.get_or_create(
            contest=contest, name="村集体增收", defaults={"max_score": 10}
        )[0]
        data = {
            f"v-{indicator.pk}-{c.pk}": value
            for c, value in zip(contest.contestants.all(), cells, strict=False)
        }
        check(organizer_client.post(reverse("organizer:indicator_table", args=[contest.pk]), data))


@fuzz
@given(
    kind=st.sampled_from(["contestants", "judges"]),
    name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "名单.csv", "../x.csv"]),
    content=st.one_of(
        st.binary(max_size=2000),
        nasty.map(lambda t: ("姓名,单位\n" + t).encode("utf-8")),
        nasty.map(lambda t: ("姓名,单位\n" + t).encode("gbk", errors="replace")),
    ),
)
def test_imports(contest, organizer_client, kind, name, content):
    with each_case_alone():
        from django.core.files.uploadedfile import SimpleUploadedFile

        before = counts()
        response = organizer_client.post(
            reverse("organizer:import_rows", args=[contest.pk, kind]),
            {"file": SimpleUploadedFile(name, content)},
        )
        check(response)
        if response.status_code != 302:
            assert counts() == before


@fuzz
@given(
    action=st.sampled_from(["sign", "reopen", "publish", "unpublish"]),
    official=nasty,
    role=st.one_of(st.sampled_from(["review", "supervise"]), nasty),
    version=nasty,
    reason=nasty,
    text=nasty,
    checked=st.sampled_from(["1", "", "yes"]),
)
def test_results_actions(
    finished_contest, organizer_client, action, official, role, version, reason, text, checked
):
    with each_case_alone():
        data = {
            "official": official,
            "role": role,
            "version": version,
            "reason": reason,
            "publicity_text": text,
            "checked": checked,
        }
        url = reverse(f"organizer:results_{action}", args=[finished_contest.pk])
        check(organizer_client.post(url, data))


CONSOLE_ACTIONS = ["start", "finish", "next", "timer", "screen", "follow", "totals", "scores"]
CONSOLE_ACTIONS += ["reveal", "stage", "open", "close"]


@fuzz
@given(
    action=st.sampled_from(CONSOLE_ACTIONS),
    presenter=st.one_of(st.none(), st.integers(min_value=0, max_value=10**20)),
    timer=nasty,
    screen=nasty,
    step=nasty,
    show=nasty,
    confirmed=nasty,
)
def test_live_console(
    contest, organizer_client, action, presenter, timer, screen, step, show, confirmed
):
    """Each console button has its URL (live/urls.py); a presenter's buttons name one in it,
    real or not."""
    with each_case_alone():
        args = [contest.pk]
        if action in {"stage", "open", "close"}:
            args.append(contest.contestants.first().pk if presenter is None else presenter)
        data = {"timer": timer, "screen": screen, "step": step, "show": show}
        data.update(follow=show, confirmed=confirmed)
        check(organizer_client.post(reverse(f"organizer:live_{action}", args=args), data))


@fuzz
@given(username=nasty, password=nasty, next_url=nasty)
def test_login(db, username, password, next_url):
    with each_case_alone():
        cache.clear()
        response = Client().post(
            reverse("login"), {"username": username, "password": password, "next": next_url}
        )
        check(response)
        assert response.status_code in {200, 429}  # never logged in, never redirected elsewhere


CONTROL_TEXTS = ["\x00", "好\x00评", "\x1b[31m"]


@pytest.mark.parametrize("text", CONTROL_TEXTS)
def test_control_characters_in_a_valid_sheet_and_feedback(live_contest, judge, contestant, text):
    """Text PostgreSQL cannot store (NUL) is cleaned: recorded, never a server error."""
    from tests.conftest import values_for

    data = {f"score_{k}": v for k, v in values_for(live_contest, "20").items()}
    data.update(submission_id="n" * 16, comment=text)
    url = reverse("judge:sheet", args=[judge.token, contestant.pk])
    response = Client().post(url, data, HTTP_ACCEPT="application/json")
    check(response)
    assert response.status_code == 200
    assert "\x00" not in ScoreSheet.objects.get(judge=judge, contestant=contestant).comment
    feedback = Client().post(
        reverse("judge:feedback", args=[judge.token]),
        {"message": text},
        HTTP_ACCEPT="application/json",
    )
    check(feedback)


@pytest.mark.parametrize("text", CONTROL_TEXTS)
def test_control_characters_in_results_actions(finished_contest, organizer_client, text):
    version = str(finished_contest.snapshots.first().version)
    for action, field in (
        ("sign", "official"),
        ("publish", "publicity_text"),
        ("reopen", "reason"),
    ):
        url = reverse(f"organizer:results_{action}", args=[finished_contest.pk])
        data = {field: f"张{text}审核员", "role": "review", "checked": "1"}
        check(organizer_client.post(url, {**data, "version": version}))


@pytest.mark.parametrize("number", ["¹", "①", "٣", "9" * 40])
def test_unicode_digits_are_not_numbers(live_contest, judge, contestant, number):
    from tests.conftest import values_for

    data = {f"score_{k}": v for k, v in values_for(live_contest, "20").items()}
    data.update(submission_id="u" * 16, base_version=number, contestant=number)
    url = reverse("judge:sheet", args=[judge.token, contestant.pk])
    check(Client().post(url, data, HTTP_ACCEPT="application/json"))
    check(Client().get(url, {"saved": number}))
