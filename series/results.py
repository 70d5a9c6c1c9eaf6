"""A series' standings signed (审核 and 监督, two accounts), published with a 公示期, and its
awards named by hand; each step logged (SeriesEvent)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.text import clean_text
from scoring.results import ResultsError, checked_signature, signoff_complete
from series.models import (
    AwardDecision,
    Consequence,
    Entrant,
    Round,
    Series,
    SeriesEvent,
    SeriesSignOff,
    SeriesSnapshot,
)
from series.rounds import SeriesError
from series.standings import latest_snapshot, log, refresh


def _locked(series: Series) -> Series:
    return Series.objects.select_for_update().get(pk=series.pk)


def current_signoffs(series: Series) -> list[SeriesSignOff]:
    """The signatures in force: on the latest version, not revoked."""
    latest = latest_snapshot(series)
    if latest is None:
        return []
    return list(series.signoffs.filter(snapshot=latest, revoked_at__isnull=True))


@transaction.atomic
def sign_off(series: Series, user, *, official: str, role: str, version: int) -> SeriesSignOff:
    series = _locked(series)
    try:
        official = checked_signature(
            current_signoffs(series),
            user,
            official=official,
            role=role,
            organisation=series.organisation,
        )
    except ResultsError as problem:
        raise SeriesError(str(problem)) from None
    snapshot = latest_snapshot(series)
    if snapshot is None or not snapshot.data["counted"]:
        raise SeriesError(_("还没有计入的期次，无需签字。"))
    if snapshot.version != version:
        raise SeriesError(
            _("排名已更新为第 {version} 版，请重新核对后再签字。").format(version=snapshot.version)
        )
    signoff = SeriesSignOff.objects.create(
        series=series,
        snapshot=snapshot,
        fingerprint=snapshot.fingerprint,
        official=official,
        role=role,
        recorded_by=user,
    )
    log(
        series,
        SeriesEvent.Action.SIGN_OFF,
        user,
        _("{role}签字：{name}").format(role=signoff.get_role_display(), name=official),
        snapshot,
    )
    return signoff


@transaction.atomic
def publish(series: Series, user, *, text: str, days: int, holidays: str, contact: str) -> None:
    """Put the signed version on the public page, with its 公示期."""
    series = _locked(series)
    snapshot = latest_snapshot(series)
    if snapshot is None or not signoff_complete(current_signoffs(series)):
        raise SeriesError(_("须由两个不同账号分别完成审核和监督签字后才能公布。"))
    series.published_snapshot = snapshot
    series.published_at = timezone.now()
    series.publicity_text = clean_text(text).strip()[:2000]
    series.publicity_days = days
    series.publicity_holidays = holidays.strip()
    series.publicity_contact = clean_text(contact).strip()[:300]
    series.save()
    log(series, SeriesEvent.Action.PUBLISH, user, series.publicity_text, snapshot)


@transaction.atomic
def unpublish(series: Series, user) -> None:
    series = _locked(series)
    if series.published_snapshot_id is None:
        raise SeriesError(_("尚未公布。"))
    snapshot = series.published_snapshot
    series.published_snapshot = None
    series.published_at = None
    series.save(update_fields=["published_snapshot", "published_at"])
    log(series, SeriesEvent.Action.UNPUBLISH, user, "", snapshot)


def published(series: Series) -> SeriesSnapshot | None:
    return series.published_snapshot


@transaction.atomic
def decide(
    series: Series, user, *, rnd: Round, entrant: Entrant, award: str, reason: str
) -> AwardDecision:
    """A 红旗 or 蜗牛 named by hand (the series' rule for it must be 指定), with a reason."""
    series = _locked(series)
    reason = " ".join(clean_text(reason).split())
    if not reason:
        raise SeriesError(_("指定评奖须写明理由。"))
    rule = series.red_rule if award == AwardDecision.Award.RED_FLAG else series.snail_rule
    if rule != Series.AwardRule.MANUAL:
        raise SeriesError(_("该奖项按规则评定；要逐个指定，请先在设置里改为“组织者指定”。"))
    if rnd.series_id != series.pk or entrant.series_id != series.pk:
        raise SeriesError(_("期次或单位不属于本系列。"))
    if not rnd.participations.filter(entrant=entrant).exists():
        raise SeriesError(_("“{unit}”没有参加第 {n} 期。").format(unit=entrant.name, n=rnd.number))
    if AwardDecision.objects.filter(
        round=rnd, entrant=entrant, award=award, revoked_at__isnull=True
    ).exists():
        raise SeriesError(_("已指定过。"))
    decision = AwardDecision.objects.create(
        round=rnd, entrant=entrant, award=award, reason=reason[:300], decided_by=user
    )
    log(
        series,
        SeriesEvent.Action.AWARD,
        user,
        _("第 {n} 期 指定{award}：{unit}（{reason}）").format(
            n=rnd.number, award=decision.get_award_display(), unit=entrant.name, reason=reason
        ),
    )
    refresh(series, user)
    return decision


@transaction.atomic
def revoke(decision: AwardDecision, user, *, reason: str) -> None:
    """Withdraw a named award; the record stays, with who withdrew it and why."""
    series = _locked(decision.round.series)
    reason = " ".join(clean_text(reason).split())
    if not reason:
        raise SeriesError(_("撤销须写明理由。"))
    if decision.revoked_at is not None:
        raise SeriesError(_("已撤销。"))
    decision.revoked_at = timezone.now()
    decision.revoked_reason = reason[:300]
    decision.revoked_by = user
    decision.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    log(
        series,
        SeriesEvent.Action.AWARD,
        user,
        _("撤销第 {n} 期{award}：{unit}（{reason}）").format(
            n=decision.round.number,
            award=decision.get_award_display(),
            unit=decision.entrant.name,
            reason=reason,
        ),
    )
    refresh(series, user)


def record_consequence(
    series: Series, user, *, entrant: Entrant, tag: str, note: str
) -> Consequence:
    if entrant.series_id != series.pk:
        raise SeriesError(_("单位不属于本系列。"))
    consequence = Consequence.objects.create(
        entrant=entrant, tag=tag, note=clean_text(note).strip()[:300], recorded_by=user
    )
    log(
        series,
        SeriesEvent.Action.AWARD,
        user,
        _("结果运用：{unit} {tag}").format(unit=entrant.name, tag=consequence.get_tag_display()),
    )
    return consequence
