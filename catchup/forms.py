"""The plan form: each textarea line parsed into the plan's measures and milestones, a line
that does not read refused with its number and what it should look like."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.text import clean_name, column_limit
from boards.models import Benchmark, Metric
from catchup import flow, rules
from catchup.models import CatchUpSettings, Plan
from series.models import Series

SEPARATOR = re.compile(r"\s*[;；|]\s*")
TARGET = re.compile(r"^(\S+?)\s*(≥|>=|≤|<=)\s*(-?[\d.,]+)\s*%?$")
COMPARATORS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<="}
FIGURE_LIMIT = column_limit(14, 4)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def target_text(target) -> str:
    """GY-01 ≥ 9.5: a target as the form writes it."""
    value = f"{target.value.normalize():f}"
    return f"{target.metric.code} {target.get_comparator_display()} {value}"


class PlanForm(forms.Form):
    title = forms.CharField(label=_("方案名称"), max_length=200)
    benchmarks = forms.ModelMultipleChoiceField(
        label=_("对标对象"), queryset=Benchmark.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    analysis = forms.CharField(
        label=_("差距分析"), max_length=5000, required=False, widget=forms.Textarea({"rows": 5})
    )
    measures = forms.CharField(
        label=_("赶超措施"), max_length=20_000, widget=forms.Textarea({"rows": 4}),
        help_text=_("每行一条：措施；时限（如：引进亿元以上项目 3 个；2027-06-30）"),
    )  # fmt: skip
    milestones = forms.CharField(
        label=_("阶段目标"), max_length=5_000, widget=forms.Textarea({"rows": 3}),
        help_text=_("每行一个阶段：名称；日期；指标编号 ≥ 目标值（多个用顿号隔开）"),
    )  # fmt: skip

    def __init__(self, *args, series: Series, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.series = series
        self.fields["benchmarks"].queryset = series.benchmarks.all()
        for name, field in self.fields.items():
            if name != "benchmarks":
                field.widget.attrs.setdefault("class", "input")

    @staticmethod
    def initial_for(series: Series, plan: Plan | None = None) -> dict:
        """A new plan starts from the three stages of 003; a draft shows what it holds."""
        if plan is None:
            stages = rules.stage_dates(series.year)
            return {"milestones": "\n".join(f"{label}；{due:%Y-%m-%d}；" for label, due in stages)}
        measures = "\n".join(f"{m.text}；{m.deadline:%Y-%m-%d}" for m in plan.measures.all())
        milestones = "\n".join(
            f"{m.label}；{m.due:%Y-%m-%d}；" + "、".join(map(target_text, m.targets.all()))
            for m in plan.milestones.prefetch_related("targets__metric")
        )
        return {"title": plan.title, "analysis": plan.analysis, "measures": measures,
                "milestones": milestones, "benchmarks": list(plan.benchmarks.all())}  # fmt: skip

    def clean_measures(self) -> list[tuple[str, dt.date]]:
        measures = []
        for number, line in _lines(self.cleaned_data["measures"]):
            parts = SEPARATOR.split(line)
            deadline = _date(parts[-1]) if len(parts) >= 2 else None
            text = clean_name("；".join(parts[:-1]))
            if deadline is None or not text or len(text) > 500:
                raise forms.ValidationError(
                    _("第 %(n)s 行应为“措施；时限”，时限如 2027-06-30，措施 500 字以内。"),
                    params={"n": number},
                )
            measures.append((text, deadline))
        if len(measures) > 50:
            raise forms.ValidationError(_("赶超措施不超过 50 条。"))
        return measures

    def clean_milestones(self) -> list:
        metrics = {m.code: m for m in Metric.objects.filter(board__series=self.series)}
        milestones = []
        for number, line in _lines(self.cleaned_data["milestones"]):
            parts = SEPARATOR.split(line, maxsplit=2)
            label = clean_name(parts[0])
            due = _date(parts[1]) if len(parts) >= 2 else None
            if not label or len(label) > 30 or due is None:
                raise forms.ValidationError(
                    _("第 %(n)s 行应为“阶段名称；日期；指标编号 ≥ 目标值”。"), params={"n": number}
                )
            targets = []
            for text in re.split(r"\s*[、,，]\s*", parts[2]) if len(parts) == 3 else []:
                if text:
                    targets.append(self._target(text, number, metrics))
            milestones.append((label, due, targets))
        if not milestones or len(milestones) > 10:
            raise forms.ValidationError(_("请写 1 到 10 个阶段目标。"))
        return milestones

    @staticmethod
    def _target(text: str, number: int, metrics: dict) -> tuple:
        found = TARGET.match(text)
        metric = metrics.get(found[1]) if found else None
        try:
            value = Decimal(found[3].replace(",", "")) if found else None
        except InvalidOperation:
            value = None
        if metric is None or value is None or abs(value) >= FIGURE_LIMIT:
            raise forms.ValidationError(
                _("第 %(n)s 行的“%(text)s”应为本系列的指标编号、≥ 或 ≤、目标值，如 GY-01 ≥ 9.5。"),
                params={"n": number, "text": text[:30]},
            )
        return metric, COMPARATORS[found[2]], value

    def draft(self) -> flow.Draft:
        data = self.cleaned_data
        return flow.Draft(data["title"], data["analysis"], list(data["benchmarks"]),
                          data["measures"], data["milestones"])  # fmt: skip


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CatchUpSettings
        fields = ["bottom", "days"]
        widgets = {
            "bottom": forms.NumberInput({"class": "input", "min": 0, "max": 50}),
            "days": forms.NumberInput({"class": "input", "min": 1, "max": 365}),
        }

    def clean_bottom(self) -> int:
        if self.cleaned_data["bottom"] > 50:
            raise forms.ValidationError(_("不超过 50 个单位。"))
        return self.cleaned_data["bottom"]

    def clean_days(self) -> int:
        if not 1 <= self.cleaned_data["days"] <= 365:
            raise forms.ValidationError(_("期限为 1 到 365 天。"))
        return self.cleaned_data["days"]
