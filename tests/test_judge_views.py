"""The judge's HTTP endpoints: access, status codes, messages, JSON and plain-form flows."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from scoring.models import JudgeFeedback, ScoreSheet, SheetSubmission
from tests.conftest import values_for

JSON = {"HTTP_ACCEPT": "application/json"}


def form_data(contest, *scores, **extra):
    data = {f"score_{k}": v for k, v in values_for(contest, *scores).items()}
    data.setdefault("submission_id", uuid.uuid4().hex)
    data.update(extra)
    return data


def sheet_url(judge, contestant):
    return reverse("judge:sheet", args=[judge.token, contestant.pk])


def test_home_lists_contestants_with_status(client, live_contest, judge, contestant):
    live_contest.live.current_contestant = contestant
    live_contest.live.save()
    page = client.get(reverse("judge:home", args=[judge.token])).content.decode()
    assert judge.name in page and "正在汇报" in page and "待评分" in page
    data = client.get(reverse("judge:home", args=[judge.token]), **JSON).json()
    assert data["on_stage"] == contestant.pk
    assert [c["status"] for c in data["contestants"]] == ["open"] * 4


def test_plain_form_post_redirects_to_a_confirmation(client, live_contest, judge, contestant):
    client.get(sheet_url(judge, contestant))
    response = client.post(sheet_url(judge, contestant), form_data(live_contest, "22.5"))
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    assert "已记录（第 1 版）" in page and "22.50" in page


def test_json_post_and_replay(client, live_contest, judge, contestant):
    data = form_data(live_contest, 20)
    first = client.post(sheet_url(judge, contestant), data, **JSON)
    again = client.post(sheet_url(judge, contestant), data, **JSON)
    assert first.status_code == again.status_code == 200
    assert first.json()["version"] == again.json()["version"] == 1
    assert again.json()["replayed"] is True
    assert SheetSubmission.objects.count() == 1


def test_stale_post_gets_409_and_current_values(client, live_contest, judge, contestant):
    client.post(sheet_url(judge, contestant), form_data(live_contest, 20), **JSON)
    client.post(sheet_url(judge, contestant), form_data(live_contest, 21, base_version="1"), **JSON)
    response = client.post(
        sheet_url(judge, contestant), form_data(live_contest, 5, base_version="1"), **JSON
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale" and body["current"]["version"] == 2
    assert set(body["current"]["values"].values()) == {"21.00"}
    html = client.post(sheet_url(judge, contestant), form_data(live_contest, 5, base_version="1"))
    assert html.status_code == 409 and "已在别处更新过" in html.content.decode()


@pytest.mark.parametrize(
    ("scores", "status", "message"),
    [(("30",), 400, "须在 0 到 25 之间"), (("abc",), 400, "不是数字"), (("",), 400, "请为")],
)
def test_bad_input_gets_4xx_with_a_chinese_message(
    client, live_contest, judge, contestant, scores, status, message
):
    response = client.post(sheet_url(judge, contestant), form_data(live_contest, *scores), **JSON)
    assert response.status_code == status
    assert message in response.json()["message"]
    page = client.post(sheet_url(judge, contestant), form_data(live_contest, *scores))
    assert page.status_code == status and message in page.content.decode()
    assert not ScoreSheet.objects.exists()


def test_closed_contestant_is_read_only(client, live_contest, judge, contestant):
    client.post(sheet_url(judge, contestant), form_data(live_contest, 20), **JSON)
    contestant.scoring = "closed"
    contestant.save()
    page = client.get(sheet_url(judge, contestant)).content.decode()
    assert "评分已截止" in page and 'id="sheet-form"' not in page
    response = client.post(sheet_url(judge, contestant), form_data(live_contest, 25), **JSON)
    assert response.status_code == 409 and response.json()["code"] == "closed"


def test_unknown_or_revoked_token_reveals_nothing(client, live_contest, judge, contestant):
    for token in ("x" * 43, judge.token[:-1] + ("A" if judge.token[-1] != "A" else "B"), "short"):
        for url in (
            reverse("judge:home", args=[token]),
            reverse("judge:sheet", args=[token, contestant.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 404
            assert judge.name not in response.content.decode()
    old = judge.token
    judge.regenerate_token()
    response = client.post(
        reverse("judge:sheet", args=[old, contestant.pk]), form_data(live_contest, 20), **JSON
    )
    assert response.status_code == 404
    assert not ScoreSheet.objects.exists()


def test_a_judge_cannot_reach_another_contests_contestant(client, live_contest, judge, organizer):
    from tests.conftest import build_contest, open_for_scoring

    other = open_for_scoring(build_contest(organizer, title="另一场"))
    foreign = other.contestants.first()
    assert client.get(sheet_url(judge, foreign)).status_code == 404
    response = client.post(sheet_url(judge, foreign), form_data(live_contest, 20), **JSON)
    assert response.status_code == 404


def test_judges_never_see_other_judges_sheets(client, live_contest, judge, contestant):
    other = live_contest.judges.last()
    client.post(sheet_url(other, contestant), form_data(live_contest, "17.5"), **JSON)
    page = client.get(sheet_url(judge, contestant)).content.decode()
    assert "17.5" not in page
    assert client.get(sheet_url(judge, contestant), **JSON).json()["version"] == 0


def test_rate_limit_per_token(client, live_contest, judge, contestant, settings):
    settings.JUDGE_POSTS_PER_MINUTE = 3
    codes = [
        client.post(sheet_url(judge, contestant), form_data(live_contest, "x"), **JSON).status_code
        for _ in range(5)
    ]
    assert codes == [400, 400, 400, 429, 429]
    other = live_contest.judges.last()
    assert (
        client.post(sheet_url(other, contestant), form_data(live_contest, 1), **JSON).status_code
        == 200
    )


def test_csrf_is_required_for_judge_posts(live_contest, judge, contestant):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(sheet_url(judge, contestant), form_data(live_contest, 20))
    assert response.status_code == 403
    strict.get(sheet_url(judge, contestant))
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        sheet_url(judge, contestant), form_data(live_contest, 20, csrfmiddlewaretoken=token)
    )
    assert response.status_code == 303


def test_feedback_reaches_the_organizer(client, organizer_client, live_contest, judge, contestant):
    response = client.post(
        reverse("judge:feedback", args=[judge.token]),
        {"message": "显示的汇报人不对", "contestant": contestant.pk},
    )
    assert response.status_code == 303
    assert JudgeFeedback.objects.get().judge == judge
    page = organizer_client.get(reverse("organizer:audit_log", args=[live_contest.pk]))
    assert "显示的汇报人不对" in page.content.decode()


def test_audit_log_by_judge_and_export(client, organizer_client, live_contest, judge, contestant):
    client.post(sheet_url(judge, contestant), form_data(live_contest, 20), **JSON)
    client.post(sheet_url(judge, contestant), form_data(live_contest, 21, base_version="1"), **JSON)
    url = reverse("organizer:audit_log", args=[live_contest.pk])
    page = organizer_client.get(url, {"judge": judge.pk}).content.decode()
    assert "<s>20.00</s> → 21.00" in page
    csv_text = organizer_client.get(url, {"format": "csv", "contestant": contestant.pk}).content
    lines = csv_text.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("时间,评委,打擂人,操作,版本") and len(lines) == 3
    assert Client().get(url).status_code == 302  # judges and the public: login first


def test_organizer_marks_a_recusal(organizer_client, client, live_contest, judge, contestant):
    url = reverse("organizer:recusal_add", args=[live_contest.pk])
    organizer_client.post(url, {"judge": judge.pk, "contestant": contestant.pk, "reason": "亲属"})
    response = client.post(sheet_url(judge, contestant), form_data(live_contest, 20), **JSON)
    assert response.status_code == 403 and response.json()["code"] == "recused"
    assert "回避" in client.get(reverse("judge:home", args=[judge.token])).content.decode()


def test_page_titles_are_plain_text(client, live_contest, judge):
    live_contest.judges_see_leaderboard = True
    live_contest.save()
    page = client.get(reverse("judge:home", args=[judge.token])).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and live_contest.title in title


def test_home_says_what_stage_the_contest_is_in(client, contest, organizer, supervisor):
    from contests.models import Contest
    from scoring import results
    from tests.conftest import finish_with_sheets, sign_off_fully

    judge = contest.judges.first()
    home = reverse("judge:home", args=[judge.token])
    assert "尚未开始，评分开始后即可打分" in client.get(home).content.decode()
    finish_with_sheets(contest)
    sign_off_fully(contest, organizer, supervisor)
    results.publish(contest, organizer, text="")
    assert Contest.objects.get(pk=contest.pk).status == Contest.Status.PUBLISHED
    page = client.get(home).content.decode()
    assert "评分已结束（已公示），感谢您的参与" in page and "评分开始后" not in page
