from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contests.models import Contest

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_pages_need_login(client, contest):
    for url in (
        reverse("organizer:contest_list"),
        reverse("organizer:contest_create"),
        reverse("organizer:contest_basics", args=[contest.pk]),
        reverse("organizer:contest_step", args=[contest.pk, "criteria"]),
        reverse("organizer:judge_cards", args=[contest.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_page_and_login(client, organizer):
    assert "组织者登录" in client.get(reverse("login")).content.decode()
    response = client.post(
        reverse("login"), {"username": "organizer", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("organizer:contest_list")).status_code == 200


def test_another_organizers_contest_is_invisible(client, other_organizer, contest):
    client.force_login(other_organizer)
    assert contest.title not in client.get(reverse("organizer:contest_list")).content.decode()
    for url in (
        reverse("organizer:contest_basics", args=[contest.pk]),
        reverse("organizer:contest_step", args=[contest.pk, "judges"]),
        reverse("organizer:judge_cards", args=[contest.pk]),
    ):
        assert client.get(url).status_code == 404
    criterion = contest.criteria.first()
    response = client.post(
        reverse("organizer:item_delete", args=[contest.pk, "criteria", criterion.pk])
    )
    assert response.status_code == 404
    assert contest.criteria.filter(pk=criterion.pk).exists()


def test_create_contest_step_by_step(organizer_client, organizer):
    response = organizer_client.post(
        reverse("organizer:contest_create"),
        {
            "title": "县局长擂台赛",
            "date": "2026-12-01",
            "venue": "县会堂",
            "level": "county",
            "minutes_per_speaker": 8,
            "score_step": "0.5",
            "aggregation": "trimmed",
            "trim_count": 1,
            "judge_weight": "70",
            "indicator_weight": "30",
            "break_ties_by_criteria": "on",
            "red_flag_count": 3,
            "snail_count": 1,
        },
    )
    contest = Contest.objects.get(title="县局长擂台赛")
    assert contest.owner == organizer
    assert response["Location"] == reverse("organizer:contest_step", args=[contest.pk, "criteria"])
    organizer_client.post(reverse("organizer:apply_preset", args=[contest.pk]), {"preset": "sikan"})
    assert contest.criteria.count() == 4
    organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "contestant-groups"]), {"name": "经济组"}
    )
    group = contest.contestant_groups.get()
    response = organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "contestants"]),
        {"name": "张明", "unit": "县发改局", "title": "局长", "group": group.pk},
        **HTMX,
    )
    assert response.status_code == 200
    assert "张明" in response.content.decode()
    assert contest.contestants.get().order == 1


def test_contest_form_rejects_zero_weights(organizer_client, contest):
    response = organizer_client.post(
        reverse("organizer:contest_basics", args=[contest.pk]),
        {
            "title": contest.title,
            "date": "2026-12-01",
            "level": "city",
            "minutes_per_speaker": 8,
            "score_step": "1",
            "aggregation": "mean",
            "trim_count": 0,
            "judge_weight": "0",
            "indicator_weight": "0",
        },
    )
    assert response.status_code == 422
    assert "不能同时为 0" in response.content.decode()


def test_weights_are_percentages_that_add_up_to_100(organizer_client, contest):
    url = reverse("organizer:contest_basics", args=[contest.pk])
    form = {
        "title": contest.title,
        "date": "2026-12-01",
        "level": "city",
        "minutes_per_speaker": 8,
        "score_step": "1",
        "aggregation": "mean",
        "trim_count": 0,
        "judge_weight": "80",
        "indicator_weight": "10",
        "red_flag_count": 0,
        "snail_count": 0,
    }
    response = organizer_client.post(url, form)
    assert "之和须为 100（现在是 90）" in response.content.decode()
    contest.refresh_from_db()
    assert contest.judge_weight == 100  # unchanged
    assert organizer_client.post(url, {**form, "indicator_weight": "20"}).status_code == 302


def test_inline_edit_validates_uniqueness_within_contest(organizer_client, contest):
    first, second = contest.criteria.all()[:2]
    url = reverse("organizer:item_edit", args=[contest.pk, "criteria", second.pk])
    assert "<form" in organizer_client.get(url, **HTMX).content.decode()
    response = organizer_client.post(
        url, {"name": first.name, "max_score": "25", "weight": "1"}, **HTMX
    )
    assert response.status_code == 422
    assert "本场已有同名评分项" in response.content.decode()
    response = organizer_client.post(
        url, {"name": "看亮点", "max_score": "30", "weight": "1.5"}, **HTMX
    )
    assert response.status_code == 200
    second.refresh_from_db()
    assert (second.name, str(second.max_score), str(second.weight)) == ("看亮点", "30.00", "1.500")


def test_inline_add_shows_errors(organizer_client, contest):
    response = organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "criteria"]),
        {"name": "零分项", "max_score": "0", "weight": "1"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "满分必须大于 0" in response.content.decode()


def test_move_and_delete(organizer_client, contest):
    last = contest.contestants.last()
    organizer_client.post(
        reverse("organizer:item_move", args=[contest.pk, "contestants", last.pk]),
        {"direction": "up"},
        **HTMX,
    )
    last.refresh_from_db()
    assert last.order == 3
    response = organizer_client.post(
        reverse("organizer:item_delete", args=[contest.pk, "contestants", last.pk]), **HTMX
    )
    assert response.status_code == 200
    assert contest.contestants.count() == 3


def test_unknown_collection_is_404(organizer_client, contest):
    response = organizer_client.post(reverse("organizer:item_add", args=[contest.pk, "users"]))
    assert response.status_code == 404


def test_import_page_shows_every_problem(organizer_client, contest):
    upload = SimpleUploadedFile("bad.csv", "姓名,单位\n,某局\n选手1,单位1\n".encode("gbk"))
    response = organizer_client.post(
        reverse("organizer:import_rows", args=[contest.pk, "contestants"]), {"file": upload}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "发现 2 处问题" in page and "不能为空" in page and "汇报人已存在" in page


def test_import_page_success(organizer_client, contest):
    url = reverse("organizer:import_rows", args=[contest.pk, "judges"])
    data = "姓名,单位,分组\n新评委,某局,新组\n".encode()
    response = organizer_client.post(url, {"file": SimpleUploadedFile("ok.csv", data)})
    assert response.status_code == 422  # a new group: asked first, nothing saved
    assert "本场没有分组“新组”" in response.content.decode()
    assert not contest.judges.filter(name="新评委").exists()
    upload = SimpleUploadedFile("ok.csv", data)
    response = organizer_client.post(url, {"file": upload, "allow_new_groups": "on"})
    assert response.status_code == 302
    assert contest.judges.filter(name="新评委", group__name="新组").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_downloads(organizer_client, fmt):
    response = organizer_client.get(reverse("organizer:import_template", args=["judges", fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_judge_cards_have_a_qr_per_judge(organizer_client, contest):
    page = organizer_client.get(
        reverse("organizer:judge_cards", args=[contest.pk])
    ).content.decode()
    assert page.count("<svg") == contest.judges.count()
    for judge in contest.judges.all():
        assert f"http://testserver/j/{judge.token}/" in page


def test_cards_use_the_public_address_and_warn_about_loopback(organizer_client, contest, settings):
    url = reverse("organizer:judge_cards", args=[contest.pk])
    judge = contest.judges.first()
    # Browsed as 127.0.0.1 without ARENA_PUBLIC_URL: every phone would reach itself.
    page = organizer_client.get(url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert f"http://127.0.0.1:8000/j/{judge.token}/" in page
    assert "评委的手机访问这个地址只会连到手机自己" in page
    settings.ARENA_PUBLIC_URL = "http://192.168.1.10:8000"
    page = organizer_client.get(url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert f"http://192.168.1.10:8000/j/{judge.token}/" in page
    assert "127.0.0.1" not in page and "ARENA_PUBLIC_URL" not in page
    # The projector's audience QR and the console's sample link use it too.
    projector = organizer_client.get(reverse("screen:projector", args=[contest.screen_token]))
    assert projector.context["audience_url"].startswith("http://192.168.1.10:8000/s/")
    console = organizer_client.get(reverse("organizer:live_control", args=[contest.pk]))
    assert f"http://192.168.1.10:8000/j/{judge.token}/" in console.content.decode()


def test_regenerating_a_token_revokes_the_old_link(organizer_client, client, contest):
    judge = contest.judges.first()
    old_url = judge.get_scoring_url()
    assert organizer_client.get(old_url).status_code == 200
    organizer_client.post(reverse("organizer:judge_regenerate", args=[contest.pk, judge.pk]))
    judge.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(judge.get_scoring_url()).status_code == 200


def test_copy_page(organizer_client, contest):
    response = organizer_client.post(
        reverse("organizer:contest_copy", args=[contest.pk]),
        {"title": "第二场", "date": "2026-12-20", "include_contestants": "on"},
    )
    copy = Contest.objects.get(title="第二场")
    assert response["Location"] == reverse("organizer:contest_basics", args=[copy.pk])
    assert copy.contestants.count() == contest.contestants.count()


def test_names_are_escaped(organizer_client, contest):
    contestant = contest.contestants.first()
    contestant.name = "<script>alert(1)</script>"
    contestant.save()
    page = organizer_client.get(
        reverse("organizer:contest_step", args=[contest.pk, "contestants"])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_csrf_is_enforced(organizer, contest):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(organizer)
    response = strict.post(
        reverse("organizer:item_add", args=[contest.pk, "criteria"]),
        {"name": "x", "max_score": "1", "weight": "1"},
    )
    assert response.status_code == 403


def test_criteria_are_fixed_once_scores_exist(organizer_client, contest):
    import uuid

    from contests.models import Contestant
    from scoring.sheets import submit_sheet
    from tests.conftest import open_for_scoring, values_for

    open_for_scoring(contest)
    submit_sheet(
        contest.judges.first(),
        contest.contestants.first(),
        values_for(contest, 20),
        submission_id=uuid.uuid4().hex,
    )
    response = organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "criteria"]),
        {"name": "看作风", "max_score": "10", "weight": "1"},
        **HTMX,
    )
    assert response.status_code == 422 and "不能再增加评分项" in response.content.decode()
    criterion = contest.criteria.first()
    response = organizer_client.post(
        reverse("organizer:item_delete", args=[contest.pk, "criteria", criterion.pk]), **HTMX
    )
    assert contest.criteria.filter(pk=criterion.pk).exists()
    # Weights may still change; the standings are recomputed with them.
    edit = reverse("organizer:item_edit", args=[contest.pk, "criteria", criterion.pk])
    organizer_client.post(edit, {"name": criterion.name, "max_score": "25", "weight": "2"}, **HTMX)
    from scoring.models import StandingsState

    assert StandingsState.objects.get(contest=contest).requested_seq == 2
    assert Contestant.objects.filter(contest=contest).count() == 4


def test_the_wubi_preset_takes_the_fifth_name_from_the_organizer(organizer_client, contest):
    url = reverse("organizer:apply_preset", args=[contest.pk])
    page = organizer_client.post(url, {"preset": "wubi"}, follow=True).content.decode()
    assert "请填写自行命名的评分项名称" in page and contest.criteria.count() == 4
    organizer_client.post(url, {"preset": "wubi", "name": "比环境看服务"})
    names = list(contest.criteria.values_list("name", flat=True))
    assert len(names) == 5 and names[-1] == "比环境看服务"


def test_setup_steps_say_what_their_lists_add_up_to(organizer_client, contest):
    """#28: 满分合计 under the criteria; judge-group weights are percentages that must add up
    to 100 (the start refuses otherwise); automatic 回避 shown on the 评委 step; 赛中公开总分
    shows what the projector does; 套用 warns only when there is something to replace."""
    from contests import live
    from contests.models import Contestant, JudgeGroup

    def step(name):
        return organizer_client.get(
            reverse("organizer:contest_step", args=[contest.pk, name])
        ).content.decode()

    criteria = step("criteria")
    assert 'id="max-total"' in criteria and "满分合计 <b>100</b>" in criteria
    assert "会替换现有评分项" in criteria
    groups = step("groups")
    assert "权重合计 <b>100%</b>" in groups and "✓" in groups
    JudgeGroup.objects.filter(contest=contest, name="市领导").update(weight=Decimal("0.4"))
    groups = step("groups")
    assert "合计须为 100（现在是 60.4；如 0.4 应写 40）" in groups
    with pytest.raises(live.LiveError, match="合计须为 100"):
        live.start(contest)
    answer = organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "judge-groups"]),
        {"name": "群众代表", "weight": "0.5"},
    )
    assert JudgeGroup.objects.filter(name="群众代表").exists()  # a share above 0 is allowed
    refused = organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "judge-groups"]),
        {"name": "超额", "weight": "120"},
        HTTP_HX_REQUEST="true",
    )
    assert "不超过 100" in refused.content.decode() and answer.status_code in {200, 302}

    judge = contest.judges.first()
    Contestant.objects.filter(contest=contest, order=2).update(unit=judge.unit)
    judges = step("judges")
    recusals = judges.split('id="recusals"')[1].split("</div>")[0]
    assert f"{judge.name}（{judge.unit}）不给本单位的选手2" in recusals

    basics = organizer_client.get(reverse("organizer:contest_basics", args=[contest.pk]))
    assert "关闭：大屏只显示评分进度" in basics.content.decode()
    contest.criteria.all().delete()
    assert "会替换现有评分项" not in step("criteria")
