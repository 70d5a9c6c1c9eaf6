"""年表彰 under a series' tabs (/o/series/<id>/annual/): the year per unit, the units a rule
proposes (ticked), and the confirmation that makes them a selection."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from arena.text import form_id
from selections import annual, flow
from series.models import Series
from series.views import form_target, owned_series, series_page

COUNT = {"min_value": 0, "max_value": 1000}


class RuleForm(forms.Form):
    min_red = forms.IntegerField(
        label=gettext_lazy("红旗至少（次）"), initial=2, required=False, **COUNT
    )
    min_flags = forms.IntegerField(
        label=gettext_lazy("流动红旗至少（次）"), initial=0, required=False, **COUNT
    )
    max_red_cards = forms.IntegerField(
        label=gettext_lazy("红牌至多（张）"), initial=0, required=False, **COUNT,
        help_text=gettext_lazy("空着表示不限"),
    )  # fmt: skip
    max_snails = forms.IntegerField(
        label=gettext_lazy("蜗牛至多（次）"), required=False, **COUNT,
        help_text=gettext_lazy("空着表示不限"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "input"

    def rule(self) -> annual.Rule:
        """The rule as filled in; what is left empty (or wrong) takes the default: 红旗 ≥ 2,
        no 流动红旗 needed, no 红牌, 蜗牛 not limited."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if not self.is_bound:
            return annual.Rule()

        def given(name: str, default):
            return default if data.get(name) is None else data[name]

        return annual.Rule(
            min_red=given("min_red", 2), min_flags=given("min_flags", 0),
            max_red_cards=data.get("max_red_cards"), max_snails=data.get("max_snails"),
        )  # fmt: skip


@login_required
@require_GET
def annual_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk)
    return _page(request, series, RuleForm(request.GET or None))


def _page(request: HttpRequest, series: Series, form: RuleForm, status: int = 200) -> HttpResponse:
    rule = form.rule()
    rows = annual.year_rows(series)
    chosen = {row["id"] for row in annual.proposed(rows, rule)}
    context = {"rows": rows, "chosen": chosen, "form": form, "rule": rule.describe()}
    return series_page(request, series, "annual", "selections/annual.html", context, status)


@form_target("selections:annual")
def annual_confirm(request: HttpRequest, series: Series) -> HttpResponse:
    form = RuleForm(request.POST)
    ids = [form_id(value) for value in request.POST.getlist("entrant")]
    try:
        selection = annual.confirm(series, ids, form.rule(), request.user)
    except flow.SelectionError as problem:
        messages.error(request, str(problem))
        return _page(request, series, form, status=422)
    messages.success(request, _("已生成年度表彰评选：下一步公示。"))
    return redirect("selections:page", selection.pk)
