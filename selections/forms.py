"""The forms of a selection's pages: what each accepts is bounded by the column it fills."""

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.lib.workdays import parse_holidays
from arena.text import clean_name, clean_text
from orgs.forms import OrganisationChoice
from selections.models import FIVE_STARS, Objection, Selection

COUNT = {"min_value": 0, "max_value": 100_000, "required": False}


def lines(text: str, limit: int) -> list[str]:
    """The non-empty lines of a textarea, each a clean name, at most `limit` characters."""
    names = [clean_name(line) for line in text.splitlines() if clean_name(line)]
    too_long = [name for name in names if len(name) > limit]
    if too_long:
        raise forms.ValidationError(
            _("“%(name)s”超过 %(limit)s 字。"), params={"name": too_long[0], "limit": limit}
        )
    if len(set(names)) != len(names):
        raise forms.ValidationError(_("有重复的行。"))
    return names


class InputClass:
    def style(self) -> None:
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")


class CreateSelectionForm(InputClass, OrganisationChoice, forms.ModelForm):
    units = forms.CharField(
        label=_("参评单位"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一个，如各村（社区）"),
    )  # fmt: skip
    categories = forms.CharField(
        label=_("类别"), widget=forms.Textarea(attrs={"rows": 5}), initial="\n".join(FIVE_STARS),
        help_text=_("每行一个；可改"),
    )  # fmt: skip

    class Meta:
        model = Selection
        fields = ["organisation", "title", "year"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choose_organisation_for(user)
        self.style()

    def clean_title(self) -> str:
        return clean_name(self.cleaned_data["title"])

    def clean_units(self) -> list[str]:
        return lines(self.cleaned_data["units"], 100)

    def clean_categories(self) -> list[str]:
        return lines(self.cleaned_data["categories"], 50) or list(FIVE_STARS)


class NomineeForm(InputClass, forms.Form):
    name = forms.CharField(label=_("姓名或案例"), max_length=100)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, empty_label=None)
    story = forms.CharField(
        label=_("事迹"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, selection: Selection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selection.units.all()
        self.fields["category"].queryset = selection.categories.all()
        self.style()

    def clean_story(self) -> str:
        return clean_text(self.cleaned_data["story"]).strip()


class PassForm(forms.Form):
    on = forms.DateField(required=False)
    number = forms.IntegerField(**COUNT)
    votes_for = forms.IntegerField(**COUNT)
    votes_against = forms.IntegerField(**COUNT)
    votes_abstain = forms.IntegerField(**COUNT)
    note = forms.CharField(max_length=500, required=False)

    def votes(self) -> tuple[int, int, int] | None:
        given = [self.cleaned_data.get(f"votes_{k}") for k in ("for", "against", "abstain")]
        return None if None in given else (given[0], given[1], given[2])


class PublicityForm(InputClass, forms.Form):
    start = forms.DateField(label=_("公示开始日期"))
    days = forms.IntegerField(label=_("公示期（工作日）"), min_value=1, max_value=60, initial=5)
    holidays = forms.CharField(
        label=_("公示期内的节假日"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("每行一个日期，如 2026-10-01"),
    )  # fmt: skip
    contact = forms.CharField(label=_("异议受理"), required=False, max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean_holidays(self) -> str:
        text = self.cleaned_data["holidays"]
        try:
            parse_holidays(text)
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None
        return text


class ObjectionForm(InputClass, forms.Form):
    nominee = forms.ModelChoiceField(label=_("对象"), queryset=None, empty_label=None)
    received_on = forms.DateField(label=_("收到日期"))
    channel = forms.ChoiceField(label=_("方式"), choices=Objection.Channel.choices)
    content = forms.CharField(
        label=_("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    submitter = forms.CharField(label=_("反映人"), max_length=50, required=False)

    def __init__(self, *args, selection: Selection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nominee"]
        field.queryset = selection.nominees.select_related("unit", "category")
        field.label_from_instance = lambda n: f"{n.name}（{n.unit.name} · {n.category.name}）"
        self.style()


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        choices=[("1", _("成立")), ("0", _("不成立"))], coerce=lambda value: value == "1"
    )
    reason = forms.CharField(max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300)
