"""Organisations, roles, invitations, accounts and kinds of event (issue 21, cases 1–6)."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from contests.kinds import kind_of
from contests.models import Contest
from orgs.access import can, grant
from orgs.models import Organisation
from scoring import results
from scoring.exchange import export_contest
from scoring.exchange_import import import_contest
from tests.conftest import build_contest, console_post, finish_with_sheets
from tests.test_report import built, pdf_text
from tests.test_series_rounds import R1, R2, make_series, play

PASSWORD = "correct-horse-battery"


def account(name: str, organisation: Organisation | None = None, *roles: str):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    if organisation is not None:
        grant(organisation, user, set(roles), by=None)
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def city(db):
    """A city, three counties, two townships under each: 10 organisations, one contest each."""
    city = Organisation.objects.create(name="潍坊市委督查室", level="city")
    owner = account("builder")
    counties = []
    for c in "ABC":
        county = Organisation.objects.create(name=f"{c} 县", level="county", parent=city)
        counties.append(county)
        for t in (1, 2):
            Organisation.objects.create(name=f"{c} 县{t} 镇", level="township", parent=county)
    for organisation in Organisation.objects.all():
        Contest.objects.create(
            owner=owner,
            organisation=organisation,
            title=f"{organisation.name}擂台赛",
            date=dt.date(2026, 11, 1),
        )
    return city, counties


def test_case1_a_city_sees_everything_below_and_nobody_sideways_or_up(city):
    city, (county_a, county_b, _c) = city
    city_viewer = logged_in(account("city-viewer", city, "viewer"))
    listing = city_viewer.get(reverse("organizer:contest_list")).content.decode()
    assert listing.count("擂台赛</a>") == 10 and listing.count("只读") == 10
    rollup = city_viewer.get(reverse("orgs:rollup", args=[city.pk])).content.decode()
    assert all(f"{o.name}擂台赛" in rollup for o in Organisation.objects.all())
    counties_only = city_viewer.get(reverse("orgs:rollup", args=[city.pk]), {"level": "county"})
    assert counties_only.content.decode().count("县擂台赛") == 3

    a_organizer = logged_in(account("a-organizer", county_a, "organizer"))
    b_contest = county_b.contests.get()
    for name in ("contest_basics", "results", "live_control"):
        assert a_organizer.get(reverse(f"organizer:{name}", args=[b_contest.pk])).status_code == 404

    township = county_a.children.first()
    township_organizer = logged_in(account("t-organizer", township, "organizer"))
    a_contest = county_a.contests.get()
    basics = reverse("organizer:contest_basics", args=[a_contest.pk])
    assert township_organizer.get(basics).status_code == 404
    assert township_organizer.post(basics, {"title": "改"}).status_code == 404

    # A county 查看者 reads a township's results, published or not.
    county_viewer = logged_in(account("a-viewer", county_a, "viewer"))
    unpublished = finish_with_sheets(build_contest(account("t-owner"), organisation=township))
    page = county_viewer.get(reverse("organizer:results", args=[unpublished.pk]))
    assert page.status_code == 200 and "选手1" in page.content.decode()
    assert (
        county_viewer.get(reverse("organizer:contest_basics", args=[unpublished.pk])).status_code
        == 404
    )
    reviewer, supervisor = (
        account("t-rev", township, "reviewer"),
        account("t-sup", township, "supervisor"),
    )
    version = results.results_snapshot(unpublished).version
    results.sign_off(unpublished, reviewer, official="张", role="review", version=version)
    results.sign_off(unpublished, supervisor, official="李", role="supervise", version=version)
    results.publish(unpublished, account("t-pub", township, "organizer"), text="", days=5)
    assert county_viewer.get(reverse("organizer:results", args=[unpublished.pk])).status_code == 200
    # The roll-up's status filter: only that contest is published; the leaders are its top three.
    published = county_viewer.get(
        reverse("orgs:rollup", args=[county_a.pk]), {"status": "published"}
    )
    events = published.content.decode().split("<h2>活动</h2>")[1].split("</section>")[0]
    assert unpublished.title in events and "A 县擂台赛" not in events and "1. 选手" in events


def test_a_city_compares_its_counties_series(city):
    city, (county_a, county_b, _c) = city
    for county, (r1, r2) in ((county_a, (R1, R2)), (county_b, (R2, R1))):
        owner = account(f"{county.pk}-org", county, "organizer", "reviewer")
        second = account(f"{county.pk}-sup", county, "supervisor")
        series = make_series(owner, organisation=county)
        series.title = f"{county.name}赛马"
        series.save()
        play(series, owner, second, 1, r1)
        play(series, owner, second, 2, r2)
    viewer = logged_in(account("city-viewer", city, "viewer"))
    page = viewer.get(reverse("orgs:rollup", args=[city.pk])).content.decode()
    section = page.split("<h2>赛马系列</h2>")[1].split("</section>")[0]
    assert "A 县赛马" in section and "B 县赛马" in section
    rows = section.split("<tr>")[2:]
    assert all('已计入期数">2<' in row for row in rows)
    # The mean of the same two rounds, whichever came first: the same leaders in both counties.
    assert section.count("1. 市文化广电旅游局 91.00") == 2
    assert section.count("2. 市工业和信息化局 86.50") == 2


def test_case2_two_organizers_edit_one_contest_and_the_log_names_each(db):
    county = Organisation.objects.create(name="寿光市委督查室", level="county")
    first, second = account("wang", county, "organizer"), account("li", county, "organizer")
    contest = build_contest(first, organisation=county)
    added = logged_in(second).post(
        reverse("organizer:item_add", args=[contest.pk, "criteria"]),
        {"name": "创新突破", "max_score": "10", "weight": "1"},
    )
    assert added.status_code in {200, 302} and contest.criteria.filter(name="创新突破").exists()
    assert console_post(logged_in(first), contest, "start").status_code in {200, 302}
    withdrawn = contest.contestants.last()
    logged_in(second).post(
        reverse("organizer:item_withdraw", args=[contest.pk, "contestants", withdrawn.pk]),
        {"reason": "因公出差，不能到场"},
    )
    log = [(c.user.username, c.summary) for c in contest.setup_changes.select_related("user")]
    assert {"wang", "li"} <= {user for user, _summary in log}
    page = logged_in(first).get(reverse("organizer:results", args=[contest.pk])).content.decode()
    assert '操作人">wang</td>' in page and '操作人">li</td>' in page


def test_case4_two_signatures_need_two_accounts_with_the_roles(
    db, django_capture_on_commit_callbacks
):
    county = Organisation.objects.create(name="昌乐县委督查室", level="county")
    both = account("both", county, "reviewer", "supervisor")
    supervisor = account("sup", county, "supervisor")
    organizer = account("org", county, "organizer")
    contest = finish_with_sheets(build_contest(organizer, organisation=county))
    version = results.results_snapshot(contest).version
    with pytest.raises(results.ResultsError, match="审核人"):
        results.sign_off(contest, organizer, official="组织者", role="review", version=version)
    with pytest.raises(results.ResultsError, match="审核人"):  # a 监督人 cannot sign 审核
        results.sign_off(contest, supervisor, official="李", role="review", version=version)
    results.sign_off(contest, both, official="张审核", role="review", version=version)
    with pytest.raises(results.ResultsError, match="已签过字"):
        results.sign_off(contest, both, official="张审核", role="supervise", version=version)
    results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)
    assert results.signoff_complete(results.active_signoffs(contest))
    page = logged_in(organizer).get(reverse("organizer:results", args=[contest.pk]))
    assert "张审核" in page.content.decode() and "李监督" in page.content.decode()
    _, text = pdf_text(bytes(built(contest, django_capture_on_commit_callbacks).pdf))
    assert "张审核" in text and "李监督" in text and "草稿" not in text


def test_case4_through_the_page_a_signer_is_offered_only_its_roles(db):
    county = Organisation.objects.create(name="青州市委督查室", level="county")
    supervisor = account("sup", county, "supervisor")
    contest = finish_with_sheets(
        build_contest(account("org", county, "organizer"), organisation=county)
    )
    page = logged_in(supervisor).get(reverse("organizer:results", args=[contest.pk]))
    body = page.content.decode()
    assert 'value="supervise"' in body and 'value="review"' not in body


def creation_form(kind: str) -> dict:
    return {
        "title": "2026 年第一次会",
        "kind": kind,
        "date": "2026-12-01",
        "level": "county",
        "minutes_per_speaker": 8,
        "score_step": "0.5",
        "aggregation": "trimmed",
        "trim_count": 1,
        "judge_weight": "100",
        "indicator_weight": "0",
        "red_flag_count": 0,
        "snail_count": 0,
    }


def test_case5_kinds_set_labels_weights_and_panels(db):
    county = Organisation.objects.create(name="莲都区委督查室", level="county")
    client = logged_in(account("org", county, "organizer"))
    client.post(reverse("organizer:contest_create"), creation_form("showcase"))
    showcase = Contest.objects.get(kind="showcase")
    assert showcase.organisation == county
    assert (showcase.judge_weight, showcase.indicator_weight) == (0, 100)
    assert kind_of(showcase).remarks and not kind_of(showcase).pledges
    # no judges: no 评分项 or 评委 step (#30), the steps it has numbered as shown
    assert (
        client.get(reverse("organizer:contest_step", args=[showcase.pk, "criteria"])).status_code
        == 404
    )
    page = client.get(reverse("organizer:contest_step", args=[showcase.pk, "groups"]))
    menu = page.content.decode().split('class="steps"')[1].split("</nav>")[0]
    assert "3 汇报人" in menu and "评委" not in menu and "评分项" not in menu
    assert "打擂人" not in menu

    client.post(reverse("organizer:contest_create"), creation_form("director"))
    director = Contest.objects.get(kind="director")
    assert director.judge_weight == 100 and kind_of(director).pledges  # 亮目标 on (#28)
    page = client.get(reverse("organizer:contest_step", args=[director.pk, "criteria"]))
    menu = page.content.decode().split('class="steps"')[1].split("</nav>")[0]
    assert "4 打擂人" in menu and "5 评委" in menu

    client.post(reverse("organizer:contest_create"), creation_form("pledge"))
    pledge = Contest.objects.get(kind="pledge")
    assert kind_of(pledge).pledges and not kind_of(pledge).remarks and pledge.judge_weight == 0
    live = client.get(reverse("organizer:live_control", args=[pledge.pk])).content.decode()
    assert "表态人" in live
    # judges' feedback, recusals and sheets: a 表态会 without judges has none (#30)
    assert client.get(reverse("organizer:audit_log", args=[pledge.pk])).status_code == 404
    assert reverse("boards:pledges", args=[pledge.pk]) in live
    assert reverse("followup:remarks", args=[pledge.pk]) not in live


def test_commands_make_the_first_organisation_and_accounts(db):
    out = StringIO()
    call_command("create_organisation", "潍坊市委督查室", "--level", "市", stdout=out)
    call_command(
        "create_organisation",
        "寒亭区委督查室",
        "--level",
        "县（市、区）",
        "--parent",
        "潍坊市委督查室",
        stdout=out,
    )
    call_command(
        "create_user", "zhang", "--org", "潍坊市委督查室", "--role", "管理员", "--role", "组织者",
        "--password", "a-long-pass-9", stdout=out,
    )  # fmt: skip
    city = Organisation.objects.get(name="潍坊市委督查室")
    assert Organisation.objects.get(name="寒亭区委督查室").parent == city
    zhang = get_user_model().objects.get(username="zhang")
    assert can(zhang, city, "members") and can(zhang, city, "manage")
    with pytest.raises(CommandError):
        call_command("create_user", "li", "--org", "不存在", "--role", "组织者", stdout=out)
    with pytest.raises(CommandError):
        call_command("create_user", "li", "--org", "潍坊市委督查室", "--role", "局长", stdout=out)
    with pytest.raises(CommandError):
        call_command("create_organisation", "潍坊市委督查室", stdout=out)  # taken


def test_export_and_import_carry_the_organisation_by_name(db, tmp_path):
    county = Organisation.objects.create(name="奎文区委督查室", level="county")
    owner = account("owner", county, "organizer")
    contest = build_contest(
        owner, organisation=county, kind="showcase", judge_weight=0, indicator_weight=100
    )
    document = export_contest(contest)
    assert document["contest"]["organisation"] == "奎文区委督查室"
    copy = import_contest(document, owner, new_tokens=True)
    assert copy.organisation == county and copy.kind == "showcase"
    stranger = account("stranger")
    elsewhere = json.loads(json.dumps(document))
    elsewhere["contest"]["organisation"] = "别处的组织"
    moved = import_contest(elsewhere, stranger, new_tokens=True)
    assert moved.organisation.personal_of == stranger
    path = tmp_path / "contest.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="没有组织"):
        call_command(
            "import_contest", str(path), "--owner", "owner", "--org", "无此组织", "--new-tokens"
        )
