"""A realistic demo contest in Chinese: 10 department heads in 2 groups, 四看, 60 judges."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from contests.models import Contest, Contestant, ContestantGroup, Judge, JudgeGroup
from contests.setup import apply_preset
from orgs.access import grant
from orgs.models import Organisation, Role
from scoring.models import AuditEntry, Score, ScoreSheet
from scoring.recompute_queue import request_recompute
from scoring.standings import is_recused

CONTESTANTS = [
    ("经济部门组", "王建国", "主任", "市发展和改革委员会", "抓项目扩投资，全力稳住经济大盘"),
    ("经济部门组", "李红梅", "局长", "市工业和信息化局", "聚力新型工业化，打造先进制造业集群"),
    ("经济部门组", "张伟", "局长", "市商务局", "扩大高水平开放，激活消费新动能"),
    ("经济部门组", "刘洋", "局长", "市住房和城乡建设局", "推进城市更新，建设宜居韧性城市"),
    ("经济部门组", "陈志强", "局长", "市交通运输局", "加快交通强市建设，畅通发展大动脉"),
    ("社会事业组", "杨静", "局长", "市教育局", "办好人民满意的教育"),
    ("社会事业组", "赵磊", "主任", "市卫生健康委员会", "深化医改，守护群众健康"),
    ("社会事业组", "黄丽", "局长", "市民政局", "兜牢民生底线，提升养老服务水平"),
    ("社会事业组", "周涛", "局长", "市人力资源和社会保障局", "稳就业促增收，织密社保网"),
    ("社会事业组", "吴芳", "局长", "市文化广电旅游局", "文旅融合，擦亮城市名片"),
]
JUDGE_UNITS = [
    "市财政局",
    "市审计局",
    "市统计局",
    "市自然资源和规划局",
    "市生态环境局",
    "市水利局",
    "市农业农村局",
    "市市场监督管理局",
    "市应急管理局",
    "市医疗保障局",
    "市退役军人事务局",
    "市司法局",
    "市公安局",
    "市科学技术局",
    "市数据局",
    "市机关事务管理局",
    # two deputies from contestants' own units: they are recused (回避) from their own head
    "市商务局",
    "市教育局",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    "玉兰萍红鹏飞宇浩然晨欣怡嘉琪子涵俊峰建国志远文博海燕春梅"
)
DEMO_USERNAME = "organizer"
DEMO_ORGANISATION = "市委督查室（演示）"

# Demo data of the apps built on scoring, added by their ready(): callables (owner, password)
# → lines to print; `seed_demo` runs them in order after the demo contest.
EXTRA_DEMOS: list = []


def demo_names(count: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in names:
            names.append(name)
    return names


def demo_organisation(owner) -> Organisation:
    """The demo's city office: the demo organizer is its 管理员, 组织者 and 审核人."""
    organisation, _created = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION, defaults={"level": Organisation.Level.CITY}
    )
    grant(organisation, owner, {Role.ADMIN, Role.ORGANIZER, Role.REVIEWER}, by=None)
    return organisation


@transaction.atomic
def create_demo(password: str, date: dt.date | None = None) -> tuple[Contest, bool]:
    """The demo contest, and whether the demo organizer account was created with `password`."""
    user_model = get_user_model()
    # Not staff: the admin is for superusers only.
    owner, created = user_model.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "组织者"}
    )
    if created:
        owner.set_password(password)
        owner.save()
    contest = Contest.objects.create(
        owner=owner,
        organisation=demo_organisation(owner),
        title="2026 年度“晒比拼”局长擂台赛（第一场）",
        date=date or dt.date.today(),
        venue="市行政中心三楼大会议室",
        organizer_name="市委组织部 市委督查室",
        level=Contest.Level.CITY,
        minutes_per_speaker=8,
        aggregation=Contest.Aggregation.TRIMMED,
        trim_count=1,
    )
    apply_preset(contest, "sikan")
    groups = {}
    for order, name in enumerate(dict.fromkeys(row[0] for row in CONTESTANTS), start=1):
        groups[name] = ContestantGroup.objects.create(contest=contest, name=name, order=order)
    Contestant.objects.bulk_create(
        Contestant(contest=contest, group=groups[g], name=n, title=t, unit=u, topic=topic, order=i)
        for i, (g, n, t, u, topic) in enumerate(CONTESTANTS, start=1)
    )
    leaders = JudgeGroup.objects.create(contest=contest, name="市领导", weight=Decimal(40), order=1)
    heads = JudgeGroup.objects.create(
        contest=contest, name="部门负责人", weight=Decimal(60), order=2
    )
    names = demo_names(60)
    judges = [
        Judge(contest=contest, group=leaders, name=names[i], unit="市人民政府", order=i + 1)
        for i in range(12)
    ]
    judges += [
        Judge(
            contest=contest,
            group=heads,
            name=names[i],
            unit=JUDGE_UNITS[(i - 12) % len(JUDGE_UNITS)],
            order=i + 1,
        )
        for i in range(12, 60)
    ]
    Judge.objects.bulk_create(judges)
    return contest, created


@transaction.atomic
def fill_sheets(contest: Contest, seed: int = 2026) -> int:
    """Submitted sheets from every eligible judge for every contestant, for demos and benchmarks.

    Written in bulk, with one audit entry per sheet (so `verify_audit` holds on demo data) but
    no submission records: for demos and benchmarks only, never for a real contest. Scores are
    random on the contest's step, 60–100 % of each maximum; each contestant gets a slightly
    different level so the ranking is not a lottery.
    """
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    step = Decimal(contest.score_step)
    criteria = list(contest.criteria.all())
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    contestants = list(contest.contestants.all())
    levels = {c.pk: rng.uniform(0.7, 0.95) for c in contestants}
    pairs = [
        (judge, contestant)
        for judge in contest.judges.all()
        for contestant in contestants
        if not is_recused(judge.unit, contestant.unit, (judge.pk, contestant.pk) in marked)
    ]
    sheets = ScoreSheet.objects.bulk_create(
        (ScoreSheet(judge=j, contestant=c) for j, c in pairs), batch_size=2000
    )
    scores, audit = [], []
    for sheet, (judge, contestant) in zip(sheets, pairs, strict=True):
        values = {}
        for criterion in criteria:
            share = min(1.0, max(0.6, rng.gauss(levels[contestant.pk], 0.06)))
            value = (int(criterion.max_score * Decimal(share) / step) * step).quantize(
                Decimal("0.01")
            )
            scores.append(Score(sheet=sheet, criterion=criterion, value=value))
            values[str(criterion.pk)] = str(value)
        audit.append(
            AuditEntry(
                contest=contest,
                judge=judge,
                contestant=contestant,
                sheet=sheet,
                action=AuditEntry.Action.CREATE,
                version=sheet.version,
                new_values={**values, "comment": ""},
            )
        )
    Score.objects.bulk_create(scores, batch_size=5000)
    AuditEntry.objects.bulk_create(audit, batch_size=2000)
    request_recompute(contest.pk)
    return len(sheets)
