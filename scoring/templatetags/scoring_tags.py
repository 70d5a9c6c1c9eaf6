from django import template

from scoring.results import AWARD_LABELS

register = template.Library()


@register.filter
def award_label(value: str) -> str:
    """红旗 / 蜗牛奖 for an award code from scoring.awards."""
    return str(AWARD_LABELS.get(value, ""))
