"""公示期: a publication stays open for objections for N working days (Monday to Friday, less the
listed holidays), counted from the day of publication when that is a working day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


def parse_holidays(text: str) -> set[date]:
    """One ISO date per line (blank lines ignored); ValueError names the bad line."""
    days = set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            days.add(date.fromisoformat(line))
        except ValueError:
            raise ValueError(
                _("“{line}”不是日期，请写成 2026-10-01 的格式。").format(line=line)
            ) from None
    return days


def is_working_day(day: date, holidays: Iterable[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days(start: date, count: int, holidays: Iterable[date]) -> tuple[date, date]:
    """The first and the last of `count` working days from `start` on."""
    holidays = set(holidays)
    day = start
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    first, left = day, count
    while True:
        if is_working_day(day, holidays):
            left -= 1
            if left <= 0:
                return first, day
        day += timedelta(days=1)


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    days: int
    contact: str
    today: date

    @property
    def over(self) -> bool:
        return self.today > self.end

    @property
    def label(self) -> str:
        if self.over:
            return _("公示期满（{start} 至 {end}）").format(start=self.start, end=self.end)
        return _("公示期：{start} 至 {end}（{days} 个工作日）").format(
            start=self.start, end=self.end, days=self.days
        )


def window(
    published: date, days: int, holidays_text: str, contact: str = "", today: date | None = None
) -> Window:
    try:
        holidays = parse_holidays(holidays_text)
    except ValueError:
        holidays = set()  # refused when saved; a bad stored line must not hide the page
    first, last = working_days(published, max(days, 1), holidays)
    return Window(first, last, max(days, 1), contact, today or timezone.localdate())


def window_of(item) -> Window | None:
    """The 公示期 of a published contest or series (both carry published_at and the
    publicity_days / publicity_holidays / publicity_contact fields); None before publication."""
    if item.published_at is None:
        return None
    return window(
        timezone.localdate(item.published_at),
        item.publicity_days,
        item.publicity_holidays,
        item.publicity_contact,
    )
