"""Judges and presenters are withdrawn (退出), never deleted; every change to what the results
depend on is in the setup change log, which verify_audit replays (issue 16)."""

import uuid
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from contests import changelog, live
from contests.models import Contestant, Judge, JudgeGroup, SetupChange
from scoring import progress, recompute_queue, standings
from scoring.models import ScoreSheet
from scoring.sheets import SubmissionError, submit_sheet
from tests.conftest import finish_with_sheets, values_for

JSON = {"HTTP_ACCEPT": "application/json"}


def withdraw(client, contest, item, reason="因公出差"):
    slug = "judges" if isinstance(item, Judge) else "contestants"
    url = reverse("organizer:item_withdraw", args=[contest.pk, slug, item.pk])
    return client.post(url, {"reason": reason}, follow=True)


def restore(client, contest, item):
    slug = "judges" if isinstance(item, Judge) else "contestants"
    url = reverse("organizer:item_restore", args=[contest.pk, slug, item.pk])
    return client.post(url)


def row_for(contest, contestant):
    results = standings.fresh_results(contest)["results"]
    return next((r for r in results if r["name"] == contestant.name), None)


def test_a_withdrawn_judge_keeps_their_sheets_which_stop_counting(
    organizer_client, live_contest, judge, contestant, client
):
    others = list(live_contest.judges.exclude(pk=judge.pk))
    submit_sheet(judge, contestant, values_for(live_contest, 25), submission_id="w-judge-01")
    for other in others:
        submit_sheet(
            other, contestant, values_for(live_contest, 15), submission_id=uuid.uuid4().hex
        )
    counted = row_for(live_contest, contestant)["sheets_counted"]

    page = withdraw(organizer_client, live_contest, judge).content.decode()
    judge.refresh_from_db()
    assert judge.withdrawn_at is not None and judge.withdrawn_reason == "因公出差"
    assert "已退出" in page and "因公出差" in page and "恢复" in page
    assert ScoreSheet.objects.filter(judge=judge).count() == 1  # kept
    assert row_for(live_contest, contestant)["sheets_counted"] == counted - 1
    assert progress.contestant_progress(live_contest, contestant)["eligible"] == len(others)
    # Their link no longer scores, and their home page says why.
    with pytest.raises(SubmissionError) as refused:
        submit_sheet(judge, contestant, values_for(live_contest, 20), submission_id="w-judge-02")
    assert refused.value.status == 403 and refused.value.code == "judge_withdrawn"
    home = client.get(reverse("judge:home", args=[judge.token])).content.decode()
    assert "您已退出本场评分（因公出差）" in home and contestant.name not in home

    restore(organizer_client, live_contest, judge)
    assert row_for(live_contest, contestant)["sheets_counted"] == counted


def test_a_withdrawn_presenter_leaves_the_ranking_and_cannot_be_scored(
    organizer_client, live_contest, judge
):
    first, second = live_contest.contestants.order_by("order")[:2]
    live.put_on_stage(live_contest, first)
    submit_sheet(judge, second, values_for(live_contest, 20), submission_id="w-pres-01")
    # The presenter on stage cannot be withdrawn.
    assert "该汇报人正在台上" in withdraw(organizer_client, live_contest, first).content.decode()
    assert Contestant.objects.get(pk=first.pk).withdrawn_at is None

    withdraw(organizer_client, live_contest, second, reason="临时请假")
    assert row_for(live_contest, second) is None
    assert second.pk not in {row["contestant"].pk for row in progress.progress(live_contest)}
    with pytest.raises(SubmissionError) as refused:
        submit_sheet(judge, second, values_for(live_contest, 20), submission_id="w-pres-02")
    assert refused.value.code == "withdrawn"
    with pytest.raises(live.LiveError, match="已退出"):
        live.put_on_stage(live_contest, Contestant.objects.get(pk=second.pk))
    assert ScoreSheet.objects.filter(contestant=second).count() == 1


def test_withdrawing_needs_a_reason(organizer_client, live_contest, judge):
    page = withdraw(organizer_client, live_contest, judge, reason=" ").content.decode()
    assert "请写明退出原因" in page
    assert Judge.objects.get(pk=judge.pk).withdrawn_at is None


def test_every_change_that_moves_results_is_logged(
    organizer_client, live_contest, judge, contestant, organizer
):
    assert SetupChange.objects.filter(contest=live_contest).count() == 1  # the start's baseline
    baseline = SetupChange.objects.get(contest=live_contest)
    assert baseline.changes["rules.judge_weight"] == [None, "100"]
    group = JudgeGroup.objects.filter(contest=live_contest).first()
    url = reverse("organizer:item_edit", args=[live_contest.pk, "judge-groups", group.pk])
    organizer_client.post(url, {"name": group.name, "weight": "0.7"})
    withdraw(organizer_client, live_contest, judge)
    recusals = reverse("organizer:recusal_add", args=[live_contest.pk])
    other = live_contest.judges.exclude(pk=judge.pk).first()
    organizer_client.post(
        recusals, {"judge": other.pk, "contestant": contestant.pk, "reason": "亲属"}
    )

    changes = list(SetupChange.objects.filter(contest=live_contest).order_by("id"))[1:]
    assert [c.user for c in changes] == [organizer] * 3
    assert changes[0].changes == {f"judge_groups.{group.pk}.weight": ["40", "0.7"]}
    assert changes[1].changes == {f"judges.{judge.pk}.withdrawn": [None, "因公出差"]}
    assert changes[2].changes == {f"recusals.{other.pk}.{contestant.pk}": [None, "1"]}
    page = organizer_client.get(reverse("organizer:results", args=[live_contest.pk]))
    text = page.content.decode()
    assert "设置变更日志" in text
    assert f"评委分组 {group.name} · 权重：40 → 0.7" in text
    assert f"评委 {judge.name} · 退出：— → 因公出差" in text
    assert changelog.setup_mismatches(live_contest) == []


def test_a_change_behind_the_apps_back_is_found(organizer):
    from tests.conftest import build_contest

    contest = finish_with_sheets(build_contest(organizer))
    call_command("verify_audit", str(contest.pk))
    leaders = JudgeGroup.objects.get(contest=contest, name="市领导")
    JudgeGroup.objects.filter(pk=leaders.pk).update(weight=Decimal("0.9"))  # no log entry
    recompute_queue.request_recompute(contest.pk)
    standings.recompute(contest.pk)
    with pytest.raises(CommandError, match=r"judge_groups\.\d+\.weight: '40' → '0\.9'"):
        call_command("verify_audit", str(contest.pk))


@pytest.mark.django_db(transaction=True)
def test_the_setup_log_is_append_only_in_postgresql(live_contest):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    entries = SetupChange.objects.filter(contest=live_contest)
    with pytest.raises(DatabaseError), transaction.atomic():
        entries.update(summary="改过")
    with pytest.raises(DatabaseError), transaction.atomic():
        entries._raw_delete(entries.db)
    assert entries.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_withdrawn_rows_and_the_setup_log_as_the_organizer_sees_them(
    browser, asgi_server, organizer
):
    from contests.setup import change, set_withdrawn
    from tests.conftest import build_contest, session_cookie
    from tests.test_browser_setup import shoot

    contest = finish_with_sheets(build_contest(organizer))
    judge = contest.judges.order_by("order").first()
    with change(contest, organizer, f"退出评委：{judge}"):
        set_withdrawn(judge, "因公出差")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_cookies([session_cookie(organizer, asgi_server)])
    page = context.new_page()
    page.goto(f"{asgi_server}/o/{contest.pk}/step/judges/")
    row = page.locator(f"#judges-{judge.pk}")
    assert "已退出：因公出差" in row.inner_text() and "恢复" in row.inner_text()
    shoot(page, "setup-judge-withdrawn")
    page.goto(f"{asgi_server}/o/{contest.pk}/results/#setup-log")
    assert f"评委 {judge.name} · 退出：— → 因公出差" in page.inner_text("#setup-log")
    shoot(page, "results-setup-log")
    context.close()


def test_the_setup_log_page_reads_names_once(organizer_client, live_contest, judge, organizer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contests.setup import change, set_withdrawn

    url = reverse("organizer:results", args=[live_contest.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organizer_client.get(url).status_code == 200
        return len(captured.captured_queries)

    def toggle(times: int) -> None:
        for i in range(times):
            with change(live_contest, organizer, "退出/恢复"):
                set_withdrawn(Judge.objects.get(pk=judge.pk), None if i % 2 else "因公出差")

    toggle(2)
    queries()  # the first visit creates the standings state
    few = queries()
    toggle(20)
    assert queries() == few  # 22 entries cost what 2 did


def test_the_report_leaves_a_withdrawn_judges_sheets_out_and_says_why(
    organizer, client, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    from contests import setup
    from scoring import report
    from tests.conftest import build_contest

    contest = finish_with_sheets(build_contest(organizer))
    judge = contest.judges.order_by("order").last()
    # Through setup.change, whose recompute runs on commit.
    with (
        django_capture_on_commit_callbacks(execute=True),
        setup.change(contest, organizer, "退出评委"),
    ):
        setup.set_withdrawn(judge, "临时公务")
    with django_capture_on_commit_callbacks(execute=True):
        stored = report.request_report(contest)
    stored.refresh_from_db()
    assert stored.status == "done", stored.error
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.pdf)).pages)
    assert "已退出：临时公务" in text
    # Per presenter, the counted sheets only: five of the six judges.
    assert f"评委{contest.judges.count()}：" not in text.split("四、评委参与情况")[0]
