"""The lists an organizer edits inline during setup, described once for one set of views."""

from dataclasses import dataclass

from django import forms
from django.db.models import Model, QuerySet

from contests import forms as contest_forms
from contests.models import Contest, Contestant, ContestantGroup, Criterion, Judge, JudgeGroup
from scoring.models import Indicator


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
            "评分项",
            Criterion,
            contest_forms.CriterionForm,
            (
                ("name", "评分项"),
                ("description", "说明"),
                ("max_score", "满分"),
                ("weight", "权重"),
            ),
            "criteria",
            "criteria",
        ),
        Collection(
            "contestant-groups",
            "选手分组",
            ContestantGroup,
            contest_forms.ContestantGroupForm,
            (("name", "组名"),),
            "groups",
            "contestant_groups",
        ),
        Collection(
            "judge-groups",
            "评委分组",
            JudgeGroup,
            contest_forms.JudgeGroupForm,
            (("name", "组名"), ("weight", "权重")),
            "groups",
            "judge_groups",
        ),
        Collection(
            "contestants",
            "选手",
            Contestant,
            contest_forms.ContestantForm,
            (
                ("order", "顺序"),
                ("name", "姓名"),
                ("title", "职务"),
                ("unit", "单位"),
                ("group", "分组"),
                ("topic", "汇报主题"),
            ),
            "contestants",
            "contestants",
        ),
        Collection(
            "judges",
            "评委",
            Judge,
            contest_forms.JudgeForm,
            (("order", "编号"), ("name", "姓名"), ("unit", "单位"), ("group", "分组")),
            "judges",
            "judges",
        ),
        Collection(
            "indicators",
            "指标",
            Indicator,
            contest_forms.IndicatorForm,
            (("name", "指标"), ("max_score", "满分"), ("weight", "权重")),
            "indicators",
            "indicators",
        ),
    )
}

STEPS: tuple[tuple[str, str], ...] = (
    ("basics", "1 基本信息与规则"),
    ("criteria", "2 评分项"),
    ("groups", "3 分组"),
    ("contestants", "4 选手"),
    ("judges", "5 评委"),
    ("indicators", "6 指标（可选）"),
    ("live", "▶ 现场控制"),
)


def collections_for_step(step: str) -> list[Collection]:
    return [c for c in COLLECTIONS.values() if c.step == step]
