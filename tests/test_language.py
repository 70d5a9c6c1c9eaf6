"""Simplified Chinese by default; English when chosen with the switcher, never by browser."""

from django.urls import reverse


def test_chinese_by_default_even_for_english_browsers(client, organizer):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "组织者登录" in page.content.decode()
    assert page["Content-Language"] == "zh-hans"


def test_english_when_chosen(client, organizer_client, live_contest, judge):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/o/"})
    assert response.status_code == 302
    page = client.get(reverse("organizer:contest_list")).content.decode()
    assert "Contests and other events" in page and "擂台赛与各类活动" not in page
    sheet = client.get(
        reverse("judge:sheet", args=[judge.token, live_contest.contestants.first().pk])
    )
    assert "Send scores" in sheet.content.decode()
    body = client.post(
        reverse("judge:sheet", args=[judge.token, live_contest.contestants.first().pk]),
        {"submission_id": "x" * 16, "score_999": "1"},
        HTTP_ACCEPT="application/json",
    ).json()
    assert body["message"].startswith("Please score")
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/o/"})
    assert "擂台赛与各类活动" in client.get(reverse("organizer:contest_list")).content.decode()


def test_every_message_has_an_english_translation():
    from pathlib import Path

    import polib

    po = polib.pofile(
        str(Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po")
    )
    untranslated = [
        e.msgid
        for e in po
        if not (e.msgstr_plural and all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)
    ]
    assert untranslated == []
    assert not po.fuzzy_entries()
