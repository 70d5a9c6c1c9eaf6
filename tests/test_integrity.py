"""Findings of the outside review (issue 16): each test failed on the code before its fix."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from contests import live
from contests.forms import ContestForm
from contests.models import Contest, JudgeGroup
from live import frames
from scoring import results
from scoring.sheets import submit_sheet
from tests.conftest import values_for


def sign_off(contest, user) -> None:
    version = results.results_snapshot(contest).version
    results.sign_off(contest, user, official="张审核", role="review", version=version)


def basics_form(contest) -> dict:
    form = ContestForm(instance=contest)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data["date"] = contest.date.isoformat()
    return data


def test_a_settings_save_racing_a_sign_off_cannot_undo_it(
    organizer_client, finished_contest, organizer, monkeypatch
):
    """The sign-off commits between the basics form's check and its save: the save must see
    it (row lock, re-check inside the transaction) and never write the stale status back."""
    original = ContestForm.is_valid

    def valid_then_signed_off(form):
        valid = original(form)
        sign_off(Contest.objects.get(pk=finished_contest.pk), organizer)  # the other request
        return valid

    monkeypatch.setattr(ContestForm, "is_valid", valid_then_signed_off)
    page = organizer_client.post(
        reverse("organizer:contest_basics", args=[finished_contest.pk]),
        basics_form(finished_contest),
        follow=True,
    )
    finished_contest.refresh_from_db()
    assert finished_contest.status == Contest.Status.SIGNED_OFF
    assert "结果已审核" in page.content.decode()


def test_a_weight_edit_racing_a_sign_off_is_refused(
    organizer_client, finished_contest, organizer, monkeypatch
):
    group = JudgeGroup.objects.filter(contest=finished_contest).first()
    url = reverse("organizer:item_edit", args=[finished_contest.pk, "judge-groups", group.pk])
    from contests import collections

    form_class = collections.COLLECTIONS["judge-groups"].form
    original = form_class.is_valid

    def valid_then_signed_off(form):
        valid = original(form)
        sign_off(Contest.objects.get(pk=finished_contest.pk), organizer)
        return valid

    monkeypatch.setattr(form_class, "is_valid", valid_then_signed_off)
    answer = organizer_client.post(url, {"name": group.name, "weight": "90"})
    assert answer.status_code == 422
    group.refresh_from_db()
    assert str(group.weight) == "40.000"


def test_the_admin_login_is_the_throttled_one(client, organizer):
    for _ in range(3):
        answer = client.post("/admin/login/", {"username": "organizer", "password": "wrong"})
        assert answer.status_code == 302 and answer["Location"] == "/login/?next=/admin/"
    client.post("/admin/login/", {"username": "organizer", "password": "correct-horse-battery"})
    assert "_auth_user_id" not in client.session  # no password is checked there at all


def test_the_demo_organizer_is_not_staff(db):
    from scoring.demo import create_demo

    contest, _ = create_demo("a-long-demo-password")
    assert not contest.owner.is_staff and not contest.owner.is_superuser


def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code in {200, 503}
    assert client.get("/login/").status_code == 301  # everything else still is


@pytest.mark.django_db(transaction=True)
def test_hidden_totals_reveal_no_ranking(live_contest):
    """Totals hidden: rows in appearance order, no ▲▼, no highlight, on every layout."""
    first, second = live_contest.contestants.all()[:2]
    judge = live_contest.judges.first()
    live.set_screen(live_contest, "board")
    for contestant, value in ((first, 10), (second, 25)):  # the second overtakes the first
        submit_sheet(
            judge, contestant, values_for(live_contest, value), submission_id=f"sheet-{value:04d}"
        )
    contest = Contest.objects.select_related("live__current_contestant").get(pk=live_contest.pk)
    context = frames.frame_context(contest)
    assert [row["order"] for row in context["rows"]] == sorted(r["order"] for r in context["rows"])
    assert all("rank" not in row and "total" not in row for row in context["rows"])
    for layout in ("projector", "phone"):
        html = frames.frame_html(contest, layout, context)
        assert "▲" not in html and "▼" not in html and 'class=" first"' not in html
        assert html.index(first.name) < html.index(second.name)
        assert "100.00" not in html and "40.00" not in html


@pytest.mark.parametrize("log_format", ["plain", "json"])
def test_judge_tokens_never_reach_the_log(client, judge, log_format, settings):
    """Every 4xx on a judge URL: Django's own warnings print the path (and, in JSON, the
    request); the token must be gone from all of them."""
    import io
    import logging.config

    stream = io.StringIO()
    config = {**settings.LOGGING}
    config["handlers"] = {
        "console": {**config["handlers"]["console"], "formatter": log_format, "stream": stream}
    }
    logging.config.dictConfig(config)
    try:
        client.get(f"/j/{judge.token}/c/999999/")  # 404: "Not Found: /j/…"
        strict = __import__("django.test").test.Client(enforce_csrf_checks=True)
        strict.post(f"/j/{judge.token}/c/999999/", {})  # 403: the CSRF warning
        client.get(f"/j/{judge.token}x/")  # an unknown token, nearly right
    finally:
        logging.config.dictConfig(settings.LOGGING)
    output = stream.getvalue()
    assert "Not Found" in output and "Forbidden" in output
    assert judge.token[:12] not in output


def test_two_devices_from_an_empty_form_do_not_overwrite_each_other(
    client, live_contest, judge, contestant
):
    from tests.test_judge_views import JSON, form_data, sheet_url

    first = client.post(sheet_url(judge, contestant), form_data(live_contest, 20), **JSON)
    assert first.status_code == 200
    second = client.post(sheet_url(judge, contestant), form_data(live_contest, 5), **JSON)
    assert second.status_code == 409 and second.json()["code"] == "stale"
    assert second.json()["current"]["version"] == 1
    for bad in ("-1", "2.0", "abc", "２"):
        answer = client.post(
            sheet_url(judge, contestant), form_data(live_contest, 5, base_version=bad), **JSON
        )
        assert answer.status_code == 400 and answer.json()["code"] == "bad_base_version"


def test_submitting_unchanged_values_makes_no_new_version(client, live_contest, judge, contestant):
    from scoring.models import AuditEntry
    from tests.test_judge_views import JSON, form_data, sheet_url

    client.post(sheet_url(judge, contestant), form_data(live_contest, 17.5), **JSON)
    again = client.post(
        sheet_url(judge, contestant), form_data(live_contest, 17.5, base_version="1"), **JSON
    )
    assert again.status_code == 200 and again.json()["version"] == 1
    assert AuditEntry.objects.filter(judge=judge).count() == 1


def test_organizer_accounts_by_command(db, client, organizer):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    from tests.conftest import build_contest

    out = StringIO()
    call_command("create_user", "li-hua", "--name", "李华", stdout=out)
    password = out.getvalue().split("初始密码：")[1].split("（")[0]
    user = get_user_model().objects.get(username="li-hua")
    assert not user.is_staff and not user.is_superuser and user.check_password(password)
    with pytest.raises(CommandError):
        call_command("create_user", "LI-HUA", stdout=StringIO())  # taken, any case
    with pytest.raises(CommandError):
        call_command("create_user", "wang", "--password", "123", stdout=StringIO())
    others = build_contest(organizer)
    assert client.login(username="li-hua", password=password)
    assert client.get(reverse("organizer:contest_basics", args=[others.pk])).status_code == 404
    new_password = "a-new-long-pass-42"
    call_command("reset_organizer_password", "li-hua", "--password", new_password, stdout=out)
    assert client.get(reverse("organizer:contest_list")).status_code == 302  # session ended
    with pytest.raises(CommandError):
        call_command("reset_organizer_password", "nobody", stdout=StringIO())


@pytest.mark.parametrize(
    "text", ["1e-999999999", "-0", "٢٥", "𝟓", "1_0", "1.2.3", "+5", " ", "NaN"]
)
def test_scores_are_plain_decimal_digits(client, live_contest, judge, contestant, text):
    from arena.text import parse_decimal
    from tests.test_judge_views import JSON, form_data, sheet_url

    assert parse_decimal(text) is None
    data = form_data(live_contest, 20)
    data[next(k for k in data if k.startswith("score_"))] = text
    answer = client.post(sheet_url(judge, contestant), data, **JSON)
    assert answer.status_code == 400
    assert answer.json()["code"] in {"not_a_number", "missing"}


def test_full_width_digits_are_scores(client, live_contest, judge, contestant):
    from tests.test_judge_views import JSON, sheet_url

    data = {f"score_{c.pk}": "１８．５" for c in live_contest.criteria.all()}
    data["submission_id"] = "full-width-0001"
    answer = client.post(sheet_url(judge, contestant), data, **JSON)
    assert answer.status_code == 200 and set(answer.json()["values"].values()) >= {"18.50"}


def test_a_judge_or_presenter_with_sheets_cannot_be_deleted(
    organizer_client, live_contest, judge, contestant
):
    from scoring.models import AuditEntry, ScoreSheet

    submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id="kept-0001")
    for slug, item in (("judges", judge), ("contestants", contestant)):
        url = reverse("organizer:item_delete", args=[live_contest.pk, slug, item.pk])
        page = organizer_client.post(url, follow=True).content.decode()
        assert "已有评分、点评或反馈等记录引用它，不能删除；可以“退出”，记录保留。" in page
        assert type(item).objects.filter(pk=item.pk).exists()
    assert ScoreSheet.objects.count() == 1 and AuditEntry.objects.count() == 1
    with pytest.raises(ProtectedError):
        Contest.objects.get(pk=live_contest.pk).delete()  # nor with the whole contest


def test_a_presenter_with_remarks_or_a_judge_with_feedback_cannot_be_deleted(
    organizer_client, live_contest
):
    """#29: deleting a presenter or judge without sheets took their remarks and feedback
    with them. Both are kept now; the person is withdrawn instead (退出)."""
    import datetime as dt

    from followup.ledger import record_remark
    from followup.models import Remark
    from scoring.models import JudgeFeedback

    presenter, judge = live_contest.contestants.first(), live_contest.judges.first()
    record_remark(
        live_contest, presenter, kind="comment", text="思路清楚，措施要再实一些",
        user=None, today=dt.date(2026, 3, 20),
    )  # fmt: skip
    JudgeFeedback.objects.create(contest=live_contest, judge=judge, message="看不到第3项说明")
    for slug, item in (("judges", judge), ("contestants", presenter)):
        url = reverse("organizer:item_delete", args=[live_contest.pk, slug, item.pk])
        page = organizer_client.post(url, follow=True).content.decode()
        assert "可以“退出”，记录保留" in page
        assert type(item).objects.filter(pk=item.pk).exists()
    assert Remark.objects.get().text == "思路清楚，措施要再实一些"
    assert JudgeFeedback.objects.get().message == "看不到第3项说明"


@pytest.mark.django_db(transaction=True)
def test_audit_entries_are_append_only_in_postgresql(live_contest, judge, contestant):
    from django.db import DatabaseError, connection, transaction

    from scoring.models import AuditEntry

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on PROTECT alone")
    submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id="kept-0002")
    entries = AuditEntry.objects.filter(contest=live_contest)
    with pytest.raises(DatabaseError), transaction.atomic():
        entries.update(version=99)
    with pytest.raises(DatabaseError), transaction.atomic():
        entries._raw_delete(entries.db)  # no ORM cascade check: the database itself refuses
    assert entries.get().version == 1


@pytest.fixture
def clean_counters():
    from django.core.cache import BaseCache

    from arena import ratelimit

    store = ratelimit.counters()
    if isinstance(store, BaseCache):
        store.clear()
    else:  # Redis, shared with the broker: only the counters go
        for key in store.scan_iter("arena:rl:*"):
            store.delete(key)
    ratelimit._local_store().clear()
    yield
    ratelimit._local_store().clear()


def login(client, name, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": name, "password": password}, REMOTE_ADDR=address
    )


def test_a_stranger_cannot_lock_the_organizer_out(client, organizer, clean_counters):
    for _ in range(10):  # the full-width name is the same name
        assert login(client, "ｏｒｇａｎｉｚｅｒ", "guess", "10.6.6.6").status_code == 200
    assert login(client, "organizer", "correct-horse-battery", "10.6.6.6").status_code == 429
    # The organizer, from an address with no failures, still gets in.
    answer = login(client, "organizer", "correct-horse-battery", "10.0.0.7")
    assert answer.status_code == 302 and "_auth_user_id" in client.session


def test_successful_logins_do_not_count(client, organizer, clean_counters):
    for _ in range(15):
        assert login(client, "organizer", "correct-horse-battery").status_code == 302
        client.logout()


def test_login_limits_hold_while_redis_is_down(client, organizer, clean_counters, monkeypatch):
    from arena import ratelimit

    def down():
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(ratelimit, "counters", down)
    for _ in range(10):
        login(client, "organizer", "guess")
    assert login(client, "organizer", "correct-horse-battery").status_code == 429


def test_names_lose_invisible_and_control_characters(organizer_client, contest):
    from arena.text import clean_name
    from contests.imports import import_file

    assert clean_name("\x1b[31m单位\u200b一\u202e局\x00 ") == "单位一局"
    url = reverse("organizer:item_add", args=[contest.pk, "judges"])
    organizer_client.post(url, {"name": "评委\u2066甲\u2069", "unit": "单位1\u200b"})
    judge = contest.judges.get(name="评委甲")
    assert judge.unit == "单位1"  # the same unit as 选手1's: recused from them again
    csv = "姓名,单位\n王\ufeff五,\u200b单位9\n".encode()
    result = import_file(contest, "judges", "judges.csv", csv)
    assert not result.problems
    assert contest.judges.filter(name="王五", unit="单位9").exists()


def test_judge_pages_are_not_stored_and_every_page_has_a_permissions_policy(
    client, judge, contestant
):
    from django.conf import settings

    for url in (f"/j/{judge.token}/", f"/j/{judge.token}/c/{contestant.pk}/"):
        answer = client.get(url)
        assert "no-store" in answer["Cache-Control"]
        assert "camera=()" in answer["Permissions-Policy"]
    assert "camera=()" in client.get("/login/")["Permissions-Policy"]
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert not settings.SECURE_HSTS_PRELOAD


def test_only_valid_addresses_are_stored(rf):
    from scoring.views_judge import client_ip

    assert client_ip(rf.get("/", REMOTE_ADDR="10.1.2.3")) == "10.1.2.3"
    assert client_ip(rf.get("/", REMOTE_ADDR="unix:/run/sock")) is None
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None
