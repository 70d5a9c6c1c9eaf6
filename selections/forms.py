"""The forms of a selection's pages: what each accepts is bounded by the column it fills."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.lib.private_files import check_upload
from arena.lib.workdays import parse_holidays
from arena.text import clean_name, clean_text
from orgs.access import organisations_with
from orgs.forms import OrganisationChoice
from selections.models import FIVE_STARS, Objection, Selection
from series.models import Series

COUNT = {"min_value": 0, "max_value": 100_000, "required": False}
PHOTO_LIMIT = 5 * 1024 * 1024


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
        label=_("参评单位"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text=_("每行一个，如各村（社区）；或从下面的赛马系列取参赛单位"),
    )  # fmt: skip
    series = forms.ModelChoiceField(
        label=_("从赛马系列取参评单位"), queryset=Series.objects.none(), required=False,
        help_text=_("参评单位留空时，取这个系列参赛中的单位"),
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
        self.fields["series"].queryset = Series.objects.filter(
            organisation__in=organisations_with(user, "manage")
        )
        self.style()

    def clean_title(self) -> str:
        return clean_name(self.cleaned_data["title"])

    def clean_units(self) -> list[str]:
        return lines(self.cleaned_data["units"], 100)

    def clean(self):
        cleaned = super().clean()
        series = cleaned.get("series")
        if not cleaned.get("units") and series is not None:
            names = series.entrants.filter(active=True).order_by("order", "id")
            cleaned["units"] = lines("\n".join(names.values_list("name", flat=True)), 100)
        if not cleaned.get("units") and not self.has_error("units"):
            self.add_error("units", _("请填写参评单位，或选一个赛马系列。"))
        return cleaned

    def clean_categories(self) -> list[str]:
        return lines(self.cleaned_data["categories"], 50) or list(FIVE_STARS)


class NomineeForm(InputClass, forms.Form):
    name = forms.CharField(label=_("姓名或案例"), max_length=100)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, empty_label=None)
    story = forms.CharField(
        label=_("事迹"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(
        label=_("照片"), required=False, help_text=_("JPG 或 PNG，不超过 5 MB")
    )

    def __init__(self, *args, selection: Selection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selection.units.all()
        self.fields["category"].queryset = selection.categories.all()
        self.style()

    def clean_story(self) -> str:
        return clean_text(self.cleaned_data["story"]).strip()

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > PHOTO_LIMIT:
            raise forms.ValidationError(_("照片不超过 5 MB。"))
        return photo


class PassForm(forms.Form):
    on = forms.DateField(required=False)
    number = forms.IntegerField(**COUNT)
    votes_for = forms.IntegerField(**COUNT)
    votes_against = forms.IntegerField(**COUNT)
    votes_abstain = forms.IntegerField(**COUNT)
    note = forms.CharField(max_length=500, required=False)
    attachment = forms.FileField(required=False, validators=[check_upload])

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


MARKS = {"日期": "needs_date", "表决": "needs_vote", "说明": "needs_note",
         "附件": "needs_attachment", "审核": "review",
         "专家评审": "expert", "公示": "publicity", "表彰": "commend"}  # fmt: skip
KINDS = {"review", "expert", "publicity", "commend"}


def step_text(step) -> str:
    """A step as a line of the settings: its name and its marks, e.g. 党员群众推荐【推荐人数】."""
    marks = [mark for mark, flag in MARKS.items() if flag not in KINDS and getattr(step, flag)]
    marks += [mark for mark, kind in MARKS.items() if kind == step.kind]
    if step.needs_number:
        marks.insert(0, step.number_label or "人数")
    return step.name + "".join(f"【{mark}】" for mark in marks)


def parse_step(line: str) -> tuple[str, dict]:
    name, *marks = re.split(r"[【\[]", line.replace("】", "").replace("]", ""))
    name, options = clean_name(name), {}
    for mark in (clean_name(m) for m in marks):
        flag = MARKS.get(mark)
        if flag in KINDS:
            options["kind"] = flag
        elif flag:
            options[flag] = True
        elif mark.endswith("人数"):
            options["needs_number"], options["number_label"] = True, mark[:20]
        else:
            raise forms.ValidationError(_("不认识的标记：【%(mark)s】"), params={"mark": mark})
    if not name or len(name) > 50:
        raise forms.ValidationError(_("步骤名称为 1 到 50 个字。"))
    return name, options


def category_text(category) -> str:
    """A category as a line of the settings: its name, then its quotas if any (“-”: none)."""
    quotas = [category.quota, category.quota_per_unit]
    while quotas and quotas[-1] is None:
        quotas.pop()
    return " ".join([category.name, *("-" if q is None else str(q) for q in quotas)])


class SettingsForm(InputClass, forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    real_name = forms.BooleanField(label=_("异议须实名"), required=False)
    categories = forms.CharField(
        label=_("类别与名额"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000,
        help_text=_("每行一个：类别名称，其后可写名额和每单位名额，如“育才之星 24 2”；“-”表示不限"),
    )  # fmt: skip
    units = forms.CharField(label=_("参评单位"), widget=forms.Textarea(attrs={"rows": 6}),
                            max_length=5000, help_text=_("每行一个"))  # fmt: skip
    steps = forms.CharField(
        label=_("步骤"), widget=forms.Textarea(attrs={"rows": 7}), max_length=2000,
        help_text=_("每行一步，按顺序；标记：【日期】【人数】（或如【推荐人数】）【表决】【说明】【审核】【专家评审】，"
                    "最后两步为【公示】【表彰】。已有人选通过步骤后步骤不能再改。"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()
        self.fields["real_name"].widget.attrs.pop("class", None)

    @staticmethod
    def initial_for(selection: Selection) -> dict:
        return {
            "title": selection.title, "year": selection.year,
            "real_name": selection.real_name_objections,
            "categories": "\n".join(category_text(c) for c in selection.categories.all()),
            "units": "\n".join(u.name for u in selection.units.all()),
            "steps": "\n".join(step_text(s) for s in selection.steps.all()),
        }  # fmt: skip

    def clean_title(self) -> str:
        return clean_name(self.cleaned_data["title"])

    def clean_units(self) -> list[str]:
        return lines(self.cleaned_data["units"], 100)

    def clean_steps(self) -> list[tuple[str, dict]]:
        return [
            parse_step(line) for line in self.cleaned_data["steps"].splitlines() if line.strip()
        ]

    def clean_categories(self) -> list[tuple[str, int | None, int | None]]:
        parsed = []
        for line in self.cleaned_data["categories"].splitlines():
            name, *quotas = re.split(r"[\s,，]+", clean_name(line)) if clean_name(line) else [""]
            if not name:
                continue
            if (
                len(name) > 50
                or len(quotas) > 2
                or not all(re.fullmatch(r"-|\d{1,5}", q) for q in quotas)
            ):
                raise forms.ValidationError(
                    _("“%(line)s”应写成“类别名称 名额 每单位名额”。"),
                    params={"line": line.strip()[:60]},
                )
            numbers = [None if q == "-" else int(q) for q in quotas] + [None, None]
            parsed.append((name, numbers[0], numbers[1]))
        if len({name for name, *_rest in parsed}) != len(parsed):
            raise forms.ValidationError(_("有重复的类别。"))
        return parsed
