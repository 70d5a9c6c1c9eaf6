"""Organizer forms. Each scoped form checks its unique constraints within the contest."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arena.forms import bound_integers
from arena.lib.reader import MAX_UPLOAD_BYTES
from arena.text import clean_name, clean_text
from contests import kinds
from contests.models import Contest, Contestant, ContestantGroup, Criterion, Judge, JudgeGroup
from orgs.forms import OrganisationChoice

MULTILINE_FIELDS = {"description", "topic", "reason"}


class CleanTextForm(forms.ModelForm):
    """Every text field without control, bidi or zero-width characters, names on one line:
    before the uniqueness checks (_post_clean), so "单位\u200b" is "单位" for them too (a
    zero-width space in a unit defeated same-unit recusal). Whole numbers are bounded by their
    column on every database (arena.forms.bound_integers)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bound_integers(self)

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = clean_text(value) if name in MULTILINE_FIELDS else clean_name(value)
        return cleaned


class ContestScopedForm(CleanTextForm):
    """A form for an object that belongs to a contest the form does not show.

    Django skips constraints that involve fields missing from the form; the contest is always
    known here, so uniqueness within the contest is checked and reported on the form.
    """

    def __init__(self, *args, contest: Contest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.contest = contest
        for name, field in self.fields.items():
            if name in {"group", "judge", "contestant"}:
                field.queryset = field.queryset.filter(contest=contest)
            if name == "contestant":  # named as the contest's kind names presenters
                field.label = kinds.presenter_label(contest)
            widget_class = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{widget_class} input".strip()

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("contest")
        return exclude


# The contest's settings as the basics page groups them (a new contest's form adds the
# organisation first); the form's fields are these.
CONTEST_FIELDSETS = (
    (_("基本信息"), ("organisation", "title", "kind", "date", "venue", "organizer_name", "level")),
    (
        _("评分规则"),
        (
            *("minutes_per_speaker", "score_step", "aggregation", "trim_count"),
            *("standardise_judges", "judge_weight", "indicator_weight"),
            *("break_ties_by_criteria", "judges_see_leaderboard"),
        ),
    ),
    (
        _("评奖、揭晓与报告"),
        (
            *("show_totals", "red_flag_count", "snail_count", "awards_by_group"),
            *("reveal_from_bottom", "report_judge_names"),
        ),
    ),
    (
        _("指标评分合成（三考三比）"),
        ("indicator_composite", "indicator_total", "weak_below_percent", "dimension_labels"),
    ),
)


class ContestForm(CleanTextForm):
    class Meta:
        model = Contest
        fields = [n for _legend, names in CONTEST_FIELDSETS for n in names if n != "organisation"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    # What only a contest its judges score is set with (#30): without judges (晒比会, 表态会)
    # the form leaves them out and the indicator scores count 100 %.
    JUDGES_FIELDS = (
        "score_step", "aggregation", "trim_count", "standardise_judges", "judge_weight",
        "indicator_weight", "break_ties_by_criteria", "judges_see_leaderboard",
        "report_judge_names",
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # left out: the contest keeps (or gets) 局长擂台赛
        for name in self.KEPT_WHEN_LEFT_OUT:
            self.fields[name].required = False
        if self.instance.pk:  # presenters as this contest's kind calls them
            presenter = kinds.presenter_label(self.instance)
            self.fields["awards_by_group"].label = _("按{presenter}分组分别评奖").format(
                presenter=presenter
            )
            self.fields["indicator_total"].label = _("每位{presenter}满分合计").format(
                presenter=presenter
            )
            self.fields["indicator_total"].help_text = _(
                "“得分相加”且设有个性任务时，每位{presenter}共性与个性任务满分之和须等于此数"
            ).format(presenter=presenter)
            if not kinds.uses_judges(self.instance):
                for name in self.JUDGES_FIELDS:
                    del self.fields[name]

    # 三考三比 settings, added after the others: a post without them (an older page, a script)
    # keeps what the contest has.
    KEPT_WHEN_LEFT_OUT = (
        "indicator_composite", "indicator_total", "weak_below_percent", "dimension_labels",
    )  # fmt: skip

    def fieldsets(self) -> list[tuple[str, list]]:
        """The fields in their groups, as the page shows them (those the contest has)."""
        rules = _("评分规则") if "judge_weight" in self.fields else _("现场规则")
        return [
            (rules if index == 1 else legend, [self[n] for n in names if n in self.fields])
            for index, (legend, names) in enumerate(CONTEST_FIELDSETS)
        ]

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or Contest.Kind.DIRECTOR

    def _post_clean(self) -> None:
        super()._post_clean()
        # A change of kind between one judges score and one they do not brings its weights:
        # judges 100 % when they come in (indicators can be weighed in afterwards), indicator
        # scores 100 % when they leave.
        kind = self.cleaned_data.get("kind")
        # Only for a post that will be saved: a refused one re-renders the contest as it was.
        if self.errors or not self.instance.pk:
            return
        if kind in kinds.KINDS and "kind" in self.changed_data:
            judged = kinds.KINDS[kind].judges
            if judged != kinds.uses_judges(self.instance):
                self.instance.judge_weight = Decimal(100 if judged else 0)
                self.instance.indicator_weight = Decimal(0 if judged else 100)

    def clean(self):
        data = super().clean()
        for name in self.KEPT_WHEN_LEFT_OUT:
            if data.get(name) in (None, ""):
                data[name] = getattr(self.instance, name)
        judge_weight = data.get("judge_weight")
        indicator_weight = data.get("indicator_weight")
        if judge_weight is not None and indicator_weight is not None:
            if judge_weight < 0 or indicator_weight < 0:
                raise ValidationError(_("权重不能为负数。"))
            if judge_weight + indicator_weight == 0:
                raise ValidationError(_("评委评分权重与指标得分权重不能同时为 0。"))
            if judge_weight + indicator_weight != 100:
                # They are percentages: 80/10 would silently count as 8:1 (88.9 % / 11.1 %).
                raise ValidationError(
                    _("两项权重是百分比，之和须为 100（现在是 {total}）。").format(
                        total=f"{(judge_weight + indicator_weight).normalize():f}"
                    )
                )
        return data


class CriterionForm(ContestScopedForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "max_score", "weight"]

    def clean_max_score(self):
        value = self.cleaned_data["max_score"]
        if value <= 0:
            raise ValidationError(_("满分必须大于 0。"))
        return value


class ContestantGroupForm(ContestScopedForm):
    class Meta:
        model = ContestantGroup
        fields = ["name"]


class JudgeGroupForm(ContestScopedForm):
    class Meta:
        model = JudgeGroup
        fields = ["name", "weight"]
        labels = {"weight": _("权重（%）")}
        help_texts = {"weight": _("各评委分组合计 100，如 市领导 40、部门负责人 60")}

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is None or not 0 < weight <= 100:
            raise ValidationError(_("权重是百分比：大于 0，不超过 100。"))
        return weight


class ContestantForm(ContestScopedForm):
    class Meta:
        model = Contestant
        fields = ["name", "title", "unit", "group", "topic", "photo"]


class JudgeForm(ContestScopedForm):
    class Meta:
        model = Judge
        fields = ["name", "unit", "group"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("文件（CSV 或 XLSX）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(
                _("文件过大（上限 {size} MB）。").format(size=MAX_UPLOAD_BYTES // (1024 * 1024))
            )
        return upload


class PeopleImportForm(ImportForm):
    allow_new_groups = forms.BooleanField(
        label=_("新建文件中的分组"),
        required=False,
        help_text=_("不勾选时，文件里写到本场没有的分组会被指出，以免笔误变成新分组"),
    )


class CopyContestForm(forms.Form):
    title = forms.CharField(label=_("新活动名称"), max_length=200)
    # The format a date input accepts (yyyy-mm-dd), whatever the language renders dates as.
    date = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    include_contestants = forms.BooleanField(required=False)
    include_judges = forms.BooleanField(label=_("复制评委（生成新链接）"), required=False)

    def __init__(self, *args, source: Contest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["include_contestants"].label = _("复制{presenter}").format(
            presenter=kinds.presenter_label(source)
        )
        if not kinds.uses_judges(source):
            del self.fields["include_judges"]  # it has none


class DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("抽签种子"),
        max_length=64,
        required=False,
        help_text=_("留空则随机生成；使用同一种子和同一名单可重现抽签结果。"),
    )


class NewContestForm(OrganisationChoice, ContestForm):
    """Creating a contest: in which organisation, and the kind that sets its defaults."""

    class Meta(ContestForm.Meta):
        fields = ["organisation", *ContestForm.Meta.fields]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choose_organisation_for(user)

    def clean(self):
        kind = self.cleaned_data.get("kind")
        if kind and not kinds.KINDS[kind].judges:
            # No judges score this kind: the weights are 0 / 100 whatever the form said.
            self.cleaned_data["judge_weight"] = Decimal(0)
            self.cleaned_data["indicator_weight"] = Decimal(100)
        return super().clean()

    def save(self, commit: bool = True) -> Contest:
        kinds.apply_kind_defaults(self.instance)
        return super().save(commit)
