"""Sign-off, lock, fingerprint, reopen, publication, exports and the public 公示 page."""

import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from contests import live
from contests.models import Contest
from contests.setup import SetupError, apply_preset
from scoring import recompute_queue, results, standings
from scoring.models import ResultsEvent, ScoreSheet, SignOff, StandingsSnapshot
from scoring.sheets import SubmissionError, submit_sheet
from tests.conftest import grant_role, values_for


def sign(contest, user, official="张审核", role="review"):
    version = results.results_snapshot(contest).version
    signoff = results.sign_off(contest, user, official=official, role=role, version=version)
    contest.refresh_from_db()
    return signoff


def test_fingerprint_is_sha256_of_the_documented_canonical_form(finished_contest):
    snapshot = results.results_snapshot(finished_contest)
    canonical = results.canonical_results(finished_contest, snapshot.data)
    document = json.loads(canonical)
    assert document["title"] == finished_contest.title
    assert document["date"] == "2026-11-22"
    first = document["results"][0]
    assert set(first) == {
        "order", "name", "unit", "group", "rank", "group_rank", "total", "judge_score",
        "indicator_score", "criteria", "sheets_counted",
    }  # fmt: skip
    assert set(first["criteria"]) == {"看站位", "看重点", "看措施", "看成效"}
    assert (
        canonical
        == json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )
    digest = hashlib.sha256(canonical).hexdigest()
    assert results.fingerprint(finished_contest, snapshot.data) == digest
    assert results.spaced(digest).replace(" ", "") == digest


def test_fingerprint_changes_with_any_published_number(finished_contest):
    data = results.results_snapshot(finished_contest).data
    before = results.fingerprint(finished_contest, data)
    data["results"][0]["total"] = "0.01"
    assert results.fingerprint(finished_contest, data) != before


def test_sign_off_records_who_and_when_and_locks(finished_contest, organizer, supervisor):
    signoff = sign(finished_contest, organizer)
    assert finished_contest.status == Contest.Status.SIGNED_OFF
    assert (signoff.official, signoff.role, signoff.recorded_by) == ("张审核", "review", organizer)
    assert signoff.signed_at is not None
    assert signoff.fingerprint == results.fingerprint(finished_contest, signoff.snapshot.data)
    assert not results.signoff_complete(results.active_signoffs(finished_contest))
    second = sign(finished_contest, supervisor, official="李监督", role="supervise")
    assert second.snapshot == signoff.snapshot
    assert results.signoff_complete(results.active_signoffs(finished_contest))
    assert [e.action for e in ResultsEvent.objects.order_by("id")] == [
        "close",
        "sign_off",
        "sign_off",
    ]
    # Locked: setup, presets and scoring all refuse.
    assert not finished_contest.is_editable
    with pytest.raises(SetupError):
        apply_preset(finished_contest, "wubi")
    with pytest.raises(live.LiveError):
        live.put_on_stage(finished_contest, finished_contest.contestants.first())
    with pytest.raises(live.LiveError):
        live.start(finished_contest)


def test_after_sign_off_no_score_changes(finished_contest, organizer):
    sign(finished_contest, organizer)
    judge = finished_contest.judges.first()
    contestant = finished_contest.contestants.first()
    before = list(ScoreSheet.objects.values_list("pk", "version"))
    with pytest.raises(SubmissionError) as refused:
        submit_sheet(judge, contestant, values_for(finished_contest, "1"), submission_id="x" * 12)
    assert refused.value.code == "contest_not_live"
    assert list(ScoreSheet.objects.values_list("pk", "version")) == before


def test_sign_off_refuses_bad_input_and_stale_versions(finished_contest, organizer):
    version = results.results_snapshot(finished_contest).version
    with pytest.raises(results.ResultsError):
        results.sign_off(finished_contest, organizer, official="  ", role="review", version=version)
    with pytest.raises(results.ResultsError):
        results.sign_off(finished_contest, organizer, official="张", role="boss", version=version)
    with pytest.raises(results.ResultsError, match="重新核对"):
        results.sign_off(
            finished_contest, organizer, official="张", role="review", version=version - 1
        )
    assert not SignOff.objects.exists()


def test_sign_off_needs_scoring_closed(live_contest, organizer):
    with pytest.raises(results.ResultsError, match="结束评分"):
        results.sign_off(live_contest, organizer, official="张", role="review", version=1)


def test_sign_off_refuses_while_a_recompute_is_pending(finished_contest, organizer):
    from scoring.models import StandingsState

    StandingsState.objects.filter(contest=finished_contest).update(requested_seq=10**6)
    with pytest.raises(results.ResultsError, match="正在计算"):
        sign(finished_contest, organizer)


def test_reopen_needs_a_reason_revokes_and_is_logged(finished_contest, organizer):
    signoff = sign(finished_contest, organizer)
    with pytest.raises(results.ResultsError, match="原因"):
        results.reopen(finished_contest, organizer, reason=" 改 ")
    results.reopen(finished_contest, organizer, reason="第3号评委录入错误，经监督组同意更正")
    finished_contest.refresh_from_db()
    signoff.refresh_from_db()
    assert finished_contest.status == Contest.Status.CLOSED
    assert signoff.revoked_at is not None
    event = ResultsEvent.objects.filter(action="reopen").get()
    assert "录入错误" in event.detail and event.user == organizer
    assert event.fingerprint == signoff.fingerprint
    # Correction path: live again, one contestant reopened, the change audited, signed anew.
    live.start(finished_contest)
    contestant = finished_contest.contestants.first()
    live.set_scoring(finished_contest, contestant, "open")
    judge = finished_contest.judges.first()
    sheet = ScoreSheet.objects.get(judge=judge, contestant=contestant)
    submit_sheet(
        judge,
        contestant,
        values_for(finished_contest, "10"),
        submission_id="correction-1",
        base_version=sheet.version,
    )
    assert sheet.audit_entries.filter(action="update").exists()
    live.finish(finished_contest)
    standings.recompute(finished_contest.pk)
    finished_contest.refresh_from_db()
    new = sign(finished_contest, organizer, official="王审核")
    assert new.snapshot.version > signoff.snapshot.version
    assert new.fingerprint != signoff.fingerprint


def test_signed_snapshot_survives_pruning(finished_contest, organizer, monkeypatch):
    signoff = sign(finished_contest, organizer)
    results.reopen(finished_contest, organizer, reason="测试保留已签字版本")
    monkeypatch.setattr(standings, "SNAPSHOTS_KEPT", 1)
    monkeypatch.setattr(standings, "PRUNE_EVERY", 1)
    for _ in range(3):
        recompute_queue.request_recompute(finished_contest.pk)
        standings.recompute(finished_contest.pk)
    assert StandingsSnapshot.objects.filter(pk=signoff.snapshot_id).exists()
    assert StandingsSnapshot.objects.filter(contest=finished_contest).count() == 2


def test_results_snapshot_stays_the_signed_one(finished_contest, organizer):
    signoff = sign(finished_contest, organizer)
    # Even if something recomputed later, screens and reports keep to the signed version.
    StandingsSnapshot.objects.create(
        contest=finished_contest, version=signoff.snapshot.version + 1, seq=10**6, data={}
    )
    assert results.results_snapshot(finished_contest) == signoff.snapshot


def test_publish_and_unpublish(finished_contest, organizer, supervisor, client):
    url = reverse("screen:results", args=[finished_contest.screen_token])
    with pytest.raises(results.ResultsError, match="两个不同账号"):
        results.publish(finished_contest, organizer, text="")
    assert client.get(url).status_code == 404
    sign(finished_contest, organizer)
    with pytest.raises(results.ResultsError, match="两个不同账号"):
        results.publish(finished_contest, organizer, text="")  # one signature is not enough
    sign(finished_contest, supervisor, official="李监督", role="supervise")
    assert client.get(url).status_code == 404  # signed, not yet published
    results.publish(finished_contest, organizer, text="公示期：5 个工作日\n监督电话：12380")
    finished_contest.refresh_from_db()
    assert finished_contest.status == Contest.Status.PUBLISHED
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "监督电话：12380" in body and "张审核" in body
    fingerprint = results.fingerprint(
        finished_contest, results.signed_snapshot(finished_contest).data
    )
    assert results.spaced(fingerprint) in body
    for row in results.results_snapshot(finished_contest).data["results"]:
        assert row["name"] in body and row["total"] in body
    results.unpublish(finished_contest, organizer)
    assert client.get(url).status_code == 404
    assert list(ResultsEvent.objects.values_list("action", flat=True).order_by("id"))[-2:] == [
        "publish",
        "unpublish",
    ]


def test_awards_follow_the_contest_rules(finished_contest):
    finished_contest.red_flag_count, finished_contest.snail_count = 1, 1
    data = results.results_snapshot(finished_contest).data
    won = results.awards_for(finished_contest, data)
    by_rank = {r["rank"]: r["contestant"] for r in data["results"]}
    assert won[by_rank[1]] == "red_flag"
    assert won[by_rank[max(by_rank)]] == "snail"
    finished_contest.awards_by_group = True
    won = results.awards_for(finished_contest, data)
    assert sorted(won.values()) == ["red_flag", "red_flag", "snail", "snail"]


def test_results_page_signs_off_through_the_form(
    finished_contest, organizer_client, organizer, supervisor
):
    url = reverse("organizer:results", args=[finished_contest.pk])
    page = organizer_client.get(url)
    assert page.status_code == 200
    snapshot = results.results_snapshot(finished_contest)
    assert (
        results.spaced(results.fingerprint(finished_contest, snapshot.data))
        in page.content.decode()
    )
    action = reverse("organizer:results_sign", args=[finished_contest.pk])
    unchecked = {"official": "张审核", "role": "review"}
    organizer_client.post(action, {**unchecked, "version": snapshot.version})
    assert not SignOff.objects.exists()  # the "checked" box is required
    response = organizer_client.post(
        action, {**unchecked, "version": snapshot.version, "checked": "1"}
    )
    assert response.status_code == 302
    assert SignOff.objects.get().official == "张审核"
    page = organizer_client.get(url).content.decode()
    assert "撤回审核并重新开放" in page and "待签字" in page
    # #28: the state says what is true, and the signer is told what is missing.
    assert "已审核，待监督" in page and "还差“监督”签字" in page
    assert ">签字中<" not in page and ">已审核<" not in page
    assert "发布公示" not in page  # one signature is not a sign-off
    finished_contest.refresh_from_db()
    assert finished_contest.get_status_display() == "签字中"
    # The same session cannot add the second signature.
    second = {**unchecked, "official": "李监督", "role": "supervise", "checked": "1"}
    organizer_client.post(action, {**second, "version": snapshot.version})
    assert SignOff.objects.count() == 1

    client = Client()  # organizer_client is pytest-django's `client`: a second browser
    colleague = get_user_model().objects.create_user("colleague")
    client.force_login(colleague)
    assert client.get(url).status_code == 404  # no role in the organisation yet
    grant_role(finished_contest.organisation, colleague, "supervisor")  # 监督人 there
    page = client.get(url).content.decode()
    assert "签字确认" in page and 'name="reason"' not in page and 'name="username"' not in page
    assert client.post(action, {**second, "version": snapshot.version}).status_code == 302
    assert results.signoff_complete(results.active_signoffs(finished_contest))
    # A 监督人 signs and reads; it does not publish or reopen.
    publish = reverse("organizer:results_publish", args=[finished_contest.pk])
    reopen = reverse("organizer:results_reopen", args=[finished_contest.pk])
    assert client.post(publish).status_code == 404
    assert client.post(reopen, {"reason": "更正数据"}).status_code == 404
    basics = reverse("organizer:contest_basics", args=[finished_contest.pk])
    assert client.get(basics).status_code == 404
    assert "测试擂台赛" in client.get(reverse("organizer:contest_list")).content.decode()
    page = organizer_client.get(url).content.decode()
    assert "发布公示" in page and "李监督" in page and "colleague" in page
    # Both signed: 已签字, and neither signer is told another signature is still to come.
    assert "已签字" in page and "两项签字已齐全" in page and "还差" not in page
    assert "另一项签字须由另一位" not in client.get(url).content.decode()
    finished_contest.refresh_from_db()
    assert finished_contest.status == "signed"
    # The names came from the accounts: typed once, then the account's (no retyping).
    organizer.refresh_from_db()
    colleague.refresh_from_db()
    assert (organizer.first_name, colleague.first_name) == ("张审核", "李监督")
    assert 'name="official"' not in client.get(url).content.decode()
    log = [e.detail for e in finished_contest.results_events.filter(action="sign_off")]
    assert log == ["审核签字：张审核", "监督签字：李监督"]  # each role named in the log


def test_results_pages_belong_to_their_organizer(finished_contest, client, other_organizer):
    client.force_login(other_organizer)
    pk = finished_contest.pk
    for name, args in [
        ("results", [pk]),
        ("report_status", [pk]),
        ("results_export", [pk, "results", "csv"]),
        ("results_export", [pk, "sheets", "xlsx"]),
    ]:
        assert client.get(reverse(f"organizer:{name}", args=args)).status_code == 404
    response = client.post(
        reverse("organizer:results_sign", args=[pk]),
        {"official": "x", "role": "review", "version": 1, "checked": "1"},
    )
    assert response.status_code == 404
    assert not SignOff.objects.exists()
    client.logout()
    assert client.get(reverse("organizer:results", args=[pk])).status_code == 302


def test_recusals_refuse_after_sign_off(finished_contest, organizer, organizer_client):
    sign(finished_contest, organizer)
    judge, contestant = finished_contest.judges.first(), finished_contest.contestants.first()
    organizer_client.post(
        reverse("organizer:recusal_add", args=[finished_contest.pk]),
        {"judge": judge.pk, "contestant": contestant.pk, "reason": "亲属"},
    )
    assert not finished_contest.recusals.exists()


def test_the_results_page_of_an_empty_contest_says_there_is_nothing_yet(
    organizer_client, organizer
):
    """#30: a new contest with no 评分项 and no presenters answered 500 (EmptyResultSet)."""
    from contests.models import Contest

    empty = Contest.objects.create(owner=organizer, title="空的擂台赛", date="2026-12-06")
    page = organizer_client.get(reverse("organizer:results", args=[empty.pk]))
    assert page.status_code == 200
    assert "尚无数据" in page.content.decode()
