"""The lists an organizer edits inline during setup, described once for one set of views."""

from dataclasses import dataclass

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from contests import forms as contest_forms
from contests.models import Contest, Contestant, ContestantGroup, Criterion, Judge, JudgeGroup


@dataclass(frozen=True)
class Collection:
    slug: str
    label: str
    model: type[Model]
    form: type[forms.ModelForm]
    columns: tuple[tuple[str, str], ...]  # (attribute, header)
    step: str
    related: str  # name of the reverse relation on Contest

    def items(self, contest: Contest) -> QuerySet:
        queryset = getattr(contest, self.related).all()
        if "group" in {attr for attr, _ in self.columns}:
            queryset = queryset.select_related("group")
        return queryset


COLLECTIONS: dict[str, Collection] = {
    c.slug: c
    for c in (
        Collection(
            "criteria",
            _("评分项"),
            Criterion,
            contest_forms.CriterionForm,
            (
                ("name", _("评分项")),
                ("description", _("说明")),
                ("max_score", _("满分")),
                ("weight", _("权重")),
            ),
            "criteria",
            "criteria",
        ),
        Collection(
            "contestant-groups",
            _("汇报人分组"),
            ContestantGroup,
            contest_forms.ContestantGroupForm,
            (("name", _("组名")),),
            "groups",
            "contestant_groups",
        ),
        Collection(
            "judge-groups",
            _("评委分组"),
            JudgeGroup,
            contest_forms.JudgeGroupForm,
            (("name", _("组名")), ("weight", _("权重"))),
            "groups",
            "judge_groups",
        ),
        Collection(
            "contestants",
            _("汇报人"),
            Contestant,
            contest_forms.ContestantForm,
            (
                ("order", _("顺序")),
                ("name", _("姓名")),
                ("title", _("职务")),
                ("unit", _("单位")),
                ("group", _("分组")),
                ("topic", _("汇报主题")),
            ),
            "contestants",
            "contestants",
        ),
        Collection(
            "judges",
            _("评委"),
            Judge,
            contest_forms.JudgeForm,
            (("order", _("编号")), ("name", _("姓名")), ("unit", _("单位")), ("group", _("分组"))),
            "judges",
            "judges",
        ),
    )
}

STEPS: tuple[tuple[str, str], ...] = (
    ("basics", _("1 基本信息与规则")),
    ("criteria", _("2 评分项")),
    ("groups", _("3 分组")),
    ("contestants", _("4 汇报人")),
    ("judges", _("5 评委")),
    ("indicators", _("6 指标评分（可选）")),
    ("live", _("▶ 现场控制")),
    ("results", _("✔ 结果与报告")),
)


def register(collection: Collection) -> None:
    """A list of another app's model in the setup pages (scoring registers its indicators)."""
    COLLECTIONS[collection.slug] = collection


# What only a contest its judges score has (#30): 评分项, 评委分组 and 评委. A 晒比会 or 表态会
# without judges never shows them; its steps without any list are no steps of it.
JUDGED_COLLECTIONS = {"criteria", "judge-groups", "judges"}


def collections_for_step(step: str, contest: Contest | None = None) -> list[Collection]:
    """The lists a setup step edits; for a contest, those it has (no judges' lists when no
    judges score it)."""
    from contests.kinds import uses_judges

    hidden = JUDGED_COLLECTIONS if contest is not None and not uses_judges(contest) else set()
    return [c for c in COLLECTIONS.values() if c.step == step and c.slug not in hidden]


def has_step(contest: Contest, step: str) -> bool:
    """Whether the setup menu shows this step for the contest (a step of lists needs one)."""
    return step not in {c.step for c in COLLECTIONS.values()} or bool(
        collections_for_step(step, contest)
    )
