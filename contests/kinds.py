"""Kinds of event (活动类型): what a kind calls its presenters and what it starts with.

A 晒比会 or 工作汇报会 shows figures rather than being scored, so it starts without judges
(judge weight 0); a 表态会 is about pledges; an 擂台赛 is judged. The organizer can change any
of it afterwards.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from contests.models import Contest, LiveState


@dataclass(frozen=True)
class Kind:
    presenter: str  # what the setup, the console and the screens call a presenter
    judges: bool  # scored by judges (otherwise judge weight 0, no 评委 step)
    remarks: bool  # the console's 点评·提问·交办 panel and the 汇报表 screen
    pledges: bool  # the console's 亮目标 panel and 承诺兑现 on the stage screen
    plans: bool = False  # the console's 对标方案 panel and the plan on the stage screen
    # Offline review (专家评审 of a 评选's cases): every presenter open at once from the start,
    # no stage; each judge scores each case on the phone, in any order, until scoring ends.
    offline: bool = False


CHALLENGER, REPORTER, PLEDGER, CASE = _("打擂人"), _("汇报人"), _("表态人"), _("参评案例")
KINDS: dict[str, Kind] = {
    # 亮目标 is the heart of a 局长擂台赛 and a 赛马会 (targets pledged on stage): on by default.
    Contest.Kind.DIRECTOR: Kind(CHALLENGER, judges=True, remarks=True, pledges=True),
    Contest.Kind.SECRETARY: Kind(CHALLENGER, judges=True, remarks=True, pledges=False),
    Contest.Kind.SHOWCASE: Kind(REPORTER, judges=False, remarks=True, pledges=False),
    Contest.Kind.HORSE_RACE: Kind(CHALLENGER, judges=True, remarks=True, pledges=True),
    Contest.Kind.REPORT: Kind(REPORTER, judges=False, remarks=True, pledges=False),
    Contest.Kind.PLEDGE: Kind(PLEDGER, judges=False, remarks=False, pledges=True),
    Contest.Kind.BENCHMARK: Kind(REPORTER, judges=False, remarks=True, pledges=False, plans=True),
    Contest.Kind.EXPERT_REVIEW: Kind(CASE, judges=True, remarks=False, pledges=False, offline=True),
}


def kind_of(contest: Contest) -> Kind:
    return KINDS.get(contest.kind, KINDS[Contest.Kind.DIRECTOR])


def presenter_label(contest: Contest) -> str:
    return str(kind_of(contest).presenter)


def screen_choices(contest: Contest) -> list[tuple[str, str]]:
    """The projector's screens as the console names them, the stage in this kind's words."""
    stage = _("台上{presenter}").format(presenter=presenter_label(contest))
    return [
        (value, stage if value == LiveState.Screen.STAGE else label)
        for value, label in LiveState.Screen.choices
    ]


def uses_judges(contest: Contest) -> bool:
    """Judges score this contest: it gives their scores a weight."""
    return contest.judge_weight > 0


# What the console says for what this contest does (#30): a scored contest opens scoring to
# its judges; one without judges (晒比会, 表态会) has its figures entered (录入) on the
# indicator table. (scored, without judges)
ACTIONS = {
    "start": (_("开始擂台赛（开放评分）"), _("开始汇报")),
    "finish": (_("结束评分"), _("结束录入")),
    "finished": (_("评分已结束。下一步："), _("录入已结束。下一步：")),
    "reopen": (_("重新开放评分"), _("重新开放录入")),
    "reopen_confirm": (
        _("重新开放后评委可以继续提交和修改评分，确定吗？"),
        _("重新开放后可以继续修改指标得分，确定吗？"),
    ),
    "reveal_after": (_("评分结束后揭晓最终结果。"), _("录入结束、审核签字后揭晓最终结果。")),
    "board_empty": (_("评分开始后，这里显示实时排名。"), _("录入指标得分后，这里显示排名。")),
    "reopen_hint": (
        _("仅在评分提前结束、还需补评时使用。"),
        _("仅在录入提前结束、还需补录时使用。"),
    ),
}


def says(contest: Contest, action: str) -> str:
    """The words for one of ACTIONS in this contest."""
    scored, unscored = ACTIONS[action]
    return str(scored if uses_judges(contest) else unscored)


def apply_kind_defaults(contest: Contest) -> None:
    """A new contest's settings for its kind (before its first save)."""
    kind = kind_of(contest)
    if not kind.judges:
        contest.judge_weight, contest.indicator_weight = Decimal(0), Decimal(100)
    if kind.offline:  # a few experts: dropping the highest and the lowest would leave one
        contest.aggregation = Contest.Aggregation.MEAN
