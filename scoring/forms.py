"""Forms for scoring's parts of the setup: indicators (指标) and recusals (回避)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contests.forms import ContestScopedForm
from scoring.models import Indicator, Recusal

INDICATORS_LABEL = _("指标评分项")
INDICATOR_COLUMNS = (("name", _("指标评分项")), ("max_score", _("满分")), ("weight", _("权重")))


class IndicatorForm(ContestScopedForm):
    class Meta:
        model = Indicator
        fields = ["name", "max_score", "weight"]

    def clean_max_score(self):
        value = self.cleaned_data["max_score"]
        if value <= 0:
            raise ValidationError(_("满分必须大于 0。"))
        return value


class RecusalForm(ContestScopedForm):
    class Meta:
        model = Recusal
        fields = ["judge", "contestant", "reason"]
