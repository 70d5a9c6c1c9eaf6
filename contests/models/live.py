"""What a contest shows and runs at this moment: who is on stage, the screen, the countdown,
the reveal and 亮分 steps. One row per contest, made with it (Contest.save), so a live change
locks and writes this row and never the contest's settings (contests/live.py)."""

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contests.models.contest import Contest


class LiveState(models.Model):
    class Screen(models.TextChoices):
        WELCOME = "welcome", _("欢迎")
        STAGE = "stage", _("台上汇报人")
        BOARD = "board", _("排行榜")
        BARS = "bars", _("排行榜（条形图）")
        REVEAL = "reveal", _("最终揭晓")
        AWARDS = "awards", _("红旗与蜗牛奖")
        SCORES = "scores", _("亮分")
        # Only for a contest that is a round of a series:
        SERIES = "series", _("赛马榜")
        MATTERS = "matters", _("汇报表")
        LOOKBACK = "lookback", _("交办回头看")
        BOARDS = "boards", _("晒比榜")
        # For a contest with 指标评分 items (三考三比):
        MONTHLY = "monthly", _("月度榜单")

    contest = models.OneToOneField(
        Contest, on_delete=models.CASCADE, primary_key=True, related_name="live"
    )
    current_contestant = models.ForeignKey(
        "Contestant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("当前上台汇报人"),
    )
    screen = models.CharField(_("大屏显示"), max_length=10, choices=Screen, default=Screen.WELCOME)
    screen_follows_stage = models.BooleanField(_("上台时大屏切到台上画面"), default=True)
    # The speaker's countdown, kept as server time so every screen shows the same second:
    # running → timer_ends_at; paused → timer_paused_left (seconds); idle → both empty.
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_paused_left = models.FloatField(null=True, blank=True)
    # The board when the presenter now on stage went up, {contestant id: [rank, group rank]}:
    # the screens' ▲▼ compare with it, so a move stays visible until the next presenter.
    stage_baseline = models.JSONField(default=dict, blank=True)
    revealed_count = models.PositiveIntegerField(default=0)
    # 现场亮分: whose sheets the projector shows, and how far (SCORES_STEPS in contests/live.py).
    scores_contestant = models.ForeignKey(
        "Contestant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores_step = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("现场状态")
        verbose_name_plural = _("现场状态")

    def __str__(self) -> str:
        return f"{self.contest_id}: {self.screen}"

    def timer_state(self, now: datetime | None = None) -> dict:
        """What a screen needs to show the countdown: state and seconds left (may be < 0)."""
        now = now or timezone.now()
        if self.timer_ends_at is not None:
            return {"state": "running", "left": (self.timer_ends_at - now).total_seconds()}
        if self.timer_paused_left is not None:
            return {"state": "paused", "left": self.timer_paused_left}
        return {"state": "idle", "left": self.contest.minutes_per_speaker * 60.0}
