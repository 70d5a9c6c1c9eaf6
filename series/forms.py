"""The series' organizer forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arena.forms import bound_integers
from arena.lib.reader import MAX_UPLOAD_BYTES
from arena.lib.workdays import parse_holidays
from contests.forms import CleanTextForm
from orgs.forms import OrganisationChoice
from series.models import AwardDecision, Consequence, Entrant, Round, Series, SeriesGroup


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bound_integers(self)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "input"


class SeriesForm(CleanTextForm):
    class Meta:
        model = Series
        fields = [
            "title",
            "year",
            "cadence",
            "level",
            "method",
            "minimum_rounds",
            "red_rule",
            "red_count",
            "red_threshold",
            "snail_rule",
            "snail_count",
            "snail_threshold",
            "awards_by_group",
            "flag_by_group",
            "points_first",
            "points_step",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "input"

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise ValidationError(_("请填写 2000 至 2100 之间的年度。"))
        if self.instance.pk and self.instance.rounds.exclude(contest__date__year=year).exists():
            raise ValidationError(_("已有期次的日期不在该年度内。"))
        return year

    def clean(self):
        cleaned = super().clean()
        for award, label in (("red", _("红旗")), ("snail", _("蜗牛"))):
            if (
                cleaned.get(f"{award}_rule") == Series.AwardRule.THRESHOLD
                and cleaned.get(f"{award}_threshold") is None
            ):
                self.add_error(
                    f"{award}_threshold",
                    _("{award}按分数线评定时须填写分数线。").format(award=label),
                )
        return cleaned


class CreateSeriesForm(OrganisationChoice, SeriesForm):
    class Meta(SeriesForm.Meta):
        fields = ["organisation", "title", "year", "cadence", "level", "method", "minimum_rounds"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choose_organisation_for(user)


class GroupForm(CleanTextForm):
    class Meta:
        model = SeriesGroup
        fields = ["name", "red_quota", "snail_quota"]

    def __init__(self, *args, series: Series, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.series = series
        for field in self.fields.values():
            field.widget.attrs["class"] = "input"

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("series")
        return exclude


class EntrantForm(CleanTextForm):
    class Meta:
        model = Entrant
        fields = [
            "name",
            "short_name",
            "kind",
            "group",
            "leader_name",
            "leader_title",
            "former_names",
            "active",
        ]
        widgets = {"former_names": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, series: Series, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.series = series
        self.fields["group"].queryset = series.groups.all()
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "input"

    def clean_former_names(self) -> str:
        return "\n".join(
            line.strip() for line in self.cleaned_data["former_names"].splitlines() if line.strip()
        )

    def clean(self):
        cleaned = super().clean()
        series = self.instance.series
        others = (
            series.entrants.exclude(pk=self.instance.pk)
            if self.instance.pk
            else series.entrants.all()
        )
        taken = {name for entrant in others for name in entrant.names()}
        names = [cleaned.get("name", ""), *cleaned.get("former_names", "").splitlines()]
        clash = [name for name in names if name and name in taken]
        if clash:
            raise ValidationError(_("名称与已有单位重复：{names}").format(names="、".join(clash)))
        return cleaned

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("series")
        return exclude


class EntrantImportForm(StyledForm):
    file = forms.FileField(label=_("CSV 或 XLSX 文件"))
    allow_new_groups = forms.BooleanField(label=_("文件中的新分组自动创建"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大。"))
        return upload


class AddRoundForm(StyledForm):
    contest = forms.ModelChoiceField(queryset=None, label=_("擂台赛"))
    label = forms.CharField(label=_("本期名称"), max_length=50, help_text=_("如 2026年第一季度"))
    weight = forms.DecimalField(
        label=_("权重"), min_value=0.001, max_digits=6, decimal_places=3, initial=1
    )

    def __init__(self, *args, contests, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = contests


class RoundForm(CleanTextForm):
    class Meta:
        model = Round
        fields = ["label", "period_start", "period_end", "weight"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "input"

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if not weight > 0:
            raise ValidationError(_("权重须大于 0。"))
        return weight

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("考核期止不能早于考核期起。"))
        return cleaned


class NextRoundForm(StyledForm):
    label = forms.CharField(label=_("本期名称"), max_length=50, help_text=_("如 2026年第四季度"))
    date = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    top = forms.IntegerField(
        label=_("按累计排名前几名作典型发言"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("0 或留空：不按排名选"),
    )
    chosen = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("指定上台单位（部分部门）"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("都不选：沿用上一期的全部汇报人"),
    )

    def __init__(self, *args, series: Series, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = series.entrants.filter(active=True)
        self.initial.setdefault("date", dt.date.today())


class DecisionForm(StyledForm):
    round = forms.ModelChoiceField(queryset=None, label=_("期"))
    entrant = forms.ModelChoiceField(queryset=None, label=_("单位"))
    award = forms.ChoiceField(choices=AwardDecision.Award.choices, label=_("奖项"))
    reason = forms.CharField(label=_("理由"), max_length=300, help_text=_("如：线索：庸懒散问题"))

    def __init__(self, *args, series: Series, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = series.rounds.all()
        self.fields["entrant"].queryset = series.entrants.all()

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 2:
            raise ValidationError(_("指定评奖须写明理由。"))
        return reason


class ConsequenceForm(StyledForm):
    entrant = forms.ModelChoiceField(queryset=None, label=_("单位"))
    tag = forms.ChoiceField(choices=Consequence.Tag.choices, label=_("结果运用"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, series: Series, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entrant"].queryset = series.entrants.all()


class PublishForm(StyledForm):
    text = forms.CharField(
        label=_("公示说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    days = forms.IntegerField(label=_("公示期（工作日）"), min_value=1, max_value=60, initial=5)
    holidays = forms.CharField(
        label=_("公示期内的节假日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个日期，如 2026-10-01"),
    )
    contact = forms.CharField(label=_("异议受理"), max_length=300, required=False)

    def clean_holidays(self) -> str:
        text = self.cleaned_data["holidays"]
        try:
            parse_holidays(text)
        except ValueError as problem:
            raise ValidationError(str(problem)) from None
        return text


class SignForm(StyledForm):
    official = forms.CharField(label=_("签字人"), max_length=50)
    role = forms.ChoiceField(label=_("职责"), choices=())
    version = forms.IntegerField(widget=forms.HiddenInput)
    checked = forms.BooleanField(label=_("已核对本页排名及指纹"))

    def __init__(self, *args, name: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if name:  # the account's own name signs (orgs.access.signing_name)
            del self.fields["official"]
