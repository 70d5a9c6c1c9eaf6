"""Forms for scoring's parts of the setup: indicators (指标) and recusals (回避)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contests import kinds
from contests.forms import ContestScopedForm
from contests.models import Contest, Indicator, Recusal

INDICATORS_LABEL = _("指标评分项")
INDICATOR_COLUMNS = (
    ("name", _("指标评分项")),
    ("max_score", _("满分")),
    ("weight", _("权重")),
    ("dimension_label", _("维度")),
    ("scope_label", _("适用范围")),
)


class IndicatorForm(ContestScopedForm):
    class Meta:
        model = Indicator
        fields = ["name", "max_score", "weight", "dimension", "scope", "contestants"]
        widgets = {"contestants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, contest: Contest, **kwargs) -> None:
        super().__init__(*args, contest=contest, **kwargs)
        names = contest.dimension_names()
        self.fields["dimension"].choices = [("", _("（不分维度）"))] + [
            (value, name) for value, name in zip(Indicator.Dimension.values, names, strict=True)
        ]
        self.fields["contestants"].queryset = contest.contestants.all()
        self.fields["contestants"].label = _("个性任务适用的{presenter}").format(
            presenter=kinds.presenter_label(contest)
        )
        self.fields["contestants"].widget.attrs["class"] = "checklist"
        self.fields["scope"].required = False  # left out: 共性, as before 三考三比

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or Indicator.Scope.COMMON

    def clean_max_score(self):
        value = self.cleaned_data["max_score"]
        if value <= 0:
            raise ValidationError(_("满分必须大于 0。"))
        return value

    def clean(self):
        data = super().clean()
        scope, listed = data.get("scope"), data.get("contestants")
        if scope == Indicator.Scope.OWN and listed is not None and not listed:
            self.add_error(
                "contestants",
                _("个性任务请选择适用的{presenter}。").format(
                    presenter=kinds.presenter_label(self.instance.contest)
                ),
            )
        if scope == Indicator.Scope.COMMON:
            data["contestants"] = self.fields["contestants"].queryset.none()
        if self.instance.pk and scope == Indicator.Scope.OWN and not self.errors:
            # A presenter who already has a score for it cannot lose the task: clear it first.
            scored = self.instance.scores.exclude(contestant__in=listed).select_related(
                "contestant"
            )
            if scored:
                self.add_error(
                    "contestants",
                    _("以下{presenter}已有此项得分，请先在指标得分表中清除：{names}").format(
                        presenter=kinds.presenter_label(self.instance.contest),
                        names="、".join(s.contestant.name for s in scored),
                    ),
                )
        return data


class RecusalForm(ContestScopedForm):
    class Meta:
        model = Recusal
        fields = ["judge", "contestant", "reason"]
