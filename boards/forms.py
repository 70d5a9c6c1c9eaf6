"""A board's settings: its kind, the light thresholds, whether it is public."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boards.models import Board


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["name", "kind", "ratio_green", "ratio_yellow", "difference_yellow", "public"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "input"

    def clean(self):
        cleaned = super().clean()
        green, yellow = cleaned.get("ratio_green"), cleaned.get("ratio_yellow")
        if green is not None and yellow is not None and yellow > green:
            raise ValidationError(_("黄灯线不能高于绿灯线。"))
        if (cleaned.get("difference_yellow") or 0) > 0:
            raise ValidationError(_("差值黄灯线应为 0 或负数。"))
        return cleaned
