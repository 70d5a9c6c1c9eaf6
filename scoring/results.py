"""Final results: sign-off by named officials, the fingerprint, reopening, publication, awards.

The flow (docs/organizer-guide.md): 结束评分 closes every contestant's scoring, so the standings
stop changing; officials check them and sign (审核/监督), which pins that standings version and
locks the contest; the organizer publishes the signed results (公示). A correction goes through
`reopen`, which needs a reason, revokes the signatures and is logged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.events import publish_contest_changed
from arena.lib.workdays import parse_holidays
from arena.text import clean_text
from contests.models import Contest
from contests.setup import contest_indicator_problem
from orgs.access import SIGNING_ROLE, checked_name, may_sign, set_signing_name, signing_name
from orgs.models import Role
from scoring.awards import Award, Placing, awards
from scoring.indicators import pool_problems
from scoring.models import ResultsEvent, SignOff, StandingsSnapshot, StandingsState
from scoring.standings import fresh_results, latest_snapshot

SIGNED = Contest.SIGNED_STATUSES
FINISHED = {Contest.Status.CLOSED, *SIGNED}


AWARD_LABELS = {Award.RED_FLAG: _("红旗"), Award.SNAIL: _("蜗牛奖")}


# Sent inside the transaction of every sign-off and reopening, with
# contest, action (a ResultsEvent.Action) and user: a series recounts its standings with it.
results_changed = Signal()

# Who decides a contest's 红旗/蜗牛 when an app built on scoring owns the rule: callables
# (contest, result data) → Awarded, or None when they do not decide this contest. A 赛马 series
# decides its rounds' (series/standings.round_awards), so a round shows one list everywhere.
award_deciders: list = []


@dataclass(frozen=True)
class Awarded:
    """A contest's 红旗/蜗牛 by contestant, and the rule they came from, in words."""

    won: dict
    configured: bool  # any award at all is given by the rule (the pages' 评奖 column)
    rule: str = ""  # the deciding rule in words when it is not the contest's own
    notes: tuple[str, ...] = ()


# Checks a sign-off must pass beyond scoring's own: callables (contest) → a problem or "".
# Apps built on scoring append theirs in ready() (series: every presenter linked to a unit).
signoff_checks: list = []


class ResultsError(Exception):
    """A results action that does not fit the contest's state; the message is for the organizer."""


def canonical_results(contest: Contest, data: dict) -> bytes:
    """The signed content in a canonical form: what the fingerprint is computed over.

    UTF-8 JSON, keys sorted, no spaces; per contestant in published order the numbers exactly as
    published. docs/scoring.md shows how to recompute it with `results_fingerprint --canonical`.
    """
    criteria = {str(c["id"]): c["name"] for c in data["criteria"]}
    document = {
        "title": contest.title,
        "date": contest.date.isoformat(),
        "results": [
            {
                "order": row["order"],
                "name": row["name"],
                "unit": row["unit"],
                "group": row["group"],
                "rank": row["rank"],
                "group_rank": row["group_rank"],
                "total": row["total"],
                "judge_score": row["judge_score"],
                "indicator_score": row["indicator_score"],
                "criteria": {criteria[key]: value for key, value in row["criteria"].items()},
                "sheets_counted": row["sheets_counted"],
            }
            for row in data["results"]
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def fingerprint(contest: Contest, data: dict) -> str:
    return hashlib.sha256(canonical_results(contest, data)).hexdigest()


def spaced(fingerprint_hex: str) -> str:
    """Groups of four, so two people can compare a printed fingerprint aloud."""
    return " ".join(fingerprint_hex[i : i + 4] for i in range(0, len(fingerprint_hex), 4))


def active_signoffs(contest: Contest):
    return contest.signoffs.filter(revoked_at__isnull=True).select_related("snapshot")


def signoff_complete(signoffs: Iterable[SignOff]) -> bool:
    """Both signatures (审核 and 监督) are among these active ones, by two different accounts.

    Takes the sign-offs the caller has already read (active_signoffs)."""
    signed = {s.role: s.recorded_by_id for s in signoffs}
    return set(signed) == set(SignOff.Role.values) and len(set(signed.values()) - {None}) == 2


def checked_signature(present: Iterable, user, *, official: str, role: str, organisation) -> str:
    """The official's name, cleaned, if `user` may add a `role` signature beside the `present`
    ones (contest or series sign-offs alike): each role once, by an account holding that role
    (审核人 / 监督人) in the organisation, and one account signs one role only. ResultsError
    with the reason otherwise. The name is the account's (orgs.access.signing_name); an
    account without one signs with the name typed, which becomes its name."""
    own = signing_name(user) if user and user.is_authenticated else ""
    official = checked_name(own or official)
    if not official:
        raise ResultsError(_("请填写签字人姓名（50 字以内）。"))
    if role not in SignOff.Role.values:
        raise ResultsError(_("请选择签字人职责。"))
    if not (user and user.is_authenticated):
        raise ResultsError(_("请登录后签字。"))
    if not may_sign(user, organisation, role):
        needed = Role(SIGNING_ROLE[role]).label
        raise ResultsError(
            _("“{role}”签字须由本组织的{needed}完成；您的账号没有这一角色。").format(
                role=SignOff.Role(role).label, needed=needed
            )
        )
    present = list(present)
    if any(s.role == role for s in present):
        raise ResultsError(_("“{role}”已有人签字。").format(role=SignOff.Role(role).label))
    if any(s.recorded_by_id == user.pk for s in present):
        # Two signatures from one session would be one person's word twice.
        raise ResultsError(_("您的账号已签过字；另一项签字须由另一位签字人用自己的账号登录完成。"))
    if not own:
        set_signing_name(user, official)
    return official


def signoff_state(signoffs: Iterable[SignOff]) -> str:
    """Where the two signatures stand, as the pages say it: 待审核、待监督 → 已审核，待监督
    (or 已监督，待审核) → 已签字. Shared by contests and series."""
    signed = {s.role for s in signoffs}
    review, supervise = SignOff.Role.REVIEW in signed, SignOff.Role.SUPERVISE in signed
    if review and supervise:
        return str(_("已签字"))
    if review:
        return str(_("已审核，待监督"))
    if supervise:
        return str(_("已监督，待审核"))
    return str(_("待审核、待监督"))


def missing_roles(signoffs: Iterable[SignOff]) -> list[str]:
    """The roles these active sign-offs still lack, as shown to the organizer."""
    signed = {s.role for s in signoffs}
    return [label for role, label in SignOff.Role.choices if role not in signed]


def signed_snapshot(contest: Contest) -> StandingsSnapshot | None:
    signoff = active_signoffs(contest).first()
    return signoff.snapshot if signoff else None


def results_snapshot(contest: Contest) -> StandingsSnapshot | None:
    """The standings that count: the signed version once signed off, else the latest."""
    if contest.status in SIGNED:
        return signed_snapshot(contest) or latest_snapshot(contest)
    return latest_snapshot(contest)


def decided_awards(contest: Contest, data: dict) -> Awarded:
    """The one answer to "who gets 红旗 and 蜗牛" for a contest's results, on every surface: the
    rule of whatever owns the contest (a series, for its rounds), else the contest's own."""
    for decide in award_deciders:
        decided = decide(contest, data)
        if decided is not None:
            return decided
    placings = [
        Placing(r["contestant"], r["rank"], r["group"] or None, r["group_rank"])
        for r in data["results"]
    ]
    won = awards(placings, contest.red_flag_count, contest.snail_count, contest.awards_by_group)
    return Awarded(won, bool(contest.red_flag_count or contest.snail_count))


def awards_for(contest: Contest, data: dict) -> dict[int, Award]:
    return decided_awards(contest, data).won


def group_tables(contest: Contest, rows: list[dict]) -> dict[str, list[dict]]:
    """Rows per contestant group, groups in the organizer's order, members by group rank."""
    groups: dict[str, list[dict]] = {g.name: [] for g in contest.contestant_groups.all()}
    for row in sorted(rows, key=lambda r: (r["group_rank"] is None, r["group_rank"] or 0)):
        if row["group"] in groups:
            groups[row["group"]].append(row)
    return {name: members for name, members in groups.items() if members}


def rows_with_awards(contest: Contest, data: dict, awarded: Awarded | None = None) -> list[dict]:
    """A snapshot's result rows, each with its award code ("" for none)."""
    won = (awarded or decided_awards(contest, data)).won
    return [{**row, "award": won.get(row["contestant"], "")} for row in data["results"]]


def _log(contest: Contest, action: str, user, detail: str = "", snapshot=None, digest=""):
    user = user if user and user.is_authenticated else None
    ResultsEvent.objects.create(
        contest=contest,
        action=action,
        user=user,
        detail=detail[:500],
        version=snapshot.version if snapshot else None,
        fingerprint=digest,
    )
    if action in {ResultsEvent.Action.SIGN_OFF, ResultsEvent.Action.REOPEN}:
        results_changed.send(Contest, contest=contest, action=action, user=user, detail=detail)


def log_close_on_finish(sender, *, contest: Contest, user, **kwargs) -> None:
    """contests.live.finished: the end of scoring goes into the results log."""
    _log(contest, ResultsEvent.Action.CLOSE, user)


def _locked(contest: Contest) -> Contest:
    return Contest.objects.select_for_update(no_key=True).get(pk=contest.pk)


@transaction.atomic
def sign_off(contest: Contest, user, *, official: str, role: str, version: int) -> SignOff:
    """An official signs the standings version they checked (the page shows its fingerprint)."""
    contest = _locked(contest)
    official = checked_signature(
        active_signoffs(contest),
        user,
        official=official,
        role=role,
        organisation=contest.organisation,
    )
    if contest.status == Contest.Status.PUBLISHED:
        raise ResultsError(_("结果已公示，不能再添加签字。"))
    if contest.status not in {Contest.Status.CLOSED, Contest.Status.SIGNED_OFF}:
        raise ResultsError(_("请先结束评分，再审核签字。"))
    problem = contest_indicator_problem(contest) or "；".join(pool_problems(contest))
    if problem:  # weights or tasks edited after the start: fix them before anyone signs
        raise ResultsError(problem)
    snapshot = results_snapshot(contest)
    state = StandingsState.objects.filter(contest=contest).first()
    if snapshot is None or state is None or state.requested_seq > state.computed_seq:
        raise ResultsError(_("排名正在计算，请稍候刷新页面再核对签字。"))
    if snapshot.version != version:
        raise ResultsError(
            _("结果已更新为第 {version} 版，请重新核对后再签字。").format(version=snapshot.version)
        )
    for check in signoff_checks:
        problem = check(contest)
        if problem:
            raise ResultsError(problem)
    digest = fingerprint(contest, snapshot.data)
    if (
        contest.status == Contest.Status.CLOSED
        and fingerprint(contest, fresh_results(contest)) != digest
    ):
        # The stored version must be what the sheets give today, or nobody should sign it.
        raise ResultsError(_("排名与评分数据不一致，请稍候刷新页面再核对签字。"))
    signoff = SignOff.objects.create(
        contest=contest,
        snapshot=snapshot,
        fingerprint=digest,
        official=official,
        role=role,
        recorded_by=user,
    )
    complete = signoff_complete(active_signoffs(contest))
    contest.status = Contest.Status.SIGNED if complete else Contest.Status.SIGNED_OFF
    contest.save(update_fields=["status", "updated_at"])
    _log(
        contest,
        ResultsEvent.Action.SIGN_OFF,
        user,
        _("{role}签字：{name}").format(role=signoff.get_role_display(), name=official),
        snapshot,
        digest,
    )
    publish_contest_changed(contest.pk)
    return signoff


@transaction.atomic
def reopen(contest: Contest, user, *, reason: str) -> None:
    """Withdraw the sign-off (and publication) so results can be corrected; needs a reason."""
    contest = _locked(contest)
    reason = clean_text(reason).strip()
    if len(reason) < 4:
        raise ResultsError(_("请写明重新开放的原因（至少 4 个字）。"))
    if contest.status not in SIGNED:
        raise ResultsError(_("结果尚未审核，无需重新开放。"))
    snapshot = signed_snapshot(contest)
    digest = active_signoffs(contest).values_list("fingerprint", flat=True).first() or ""
    active_signoffs(contest).update(revoked_at=timezone.now())
    contest.status = Contest.Status.CLOSED
    contest.published_at = None
    contest.save(update_fields=["status", "published_at", "updated_at"])
    _log(contest, ResultsEvent.Action.REOPEN, user, reason, snapshot, digest)
    publish_contest_changed(contest.pk)


@transaction.atomic
def publish(
    contest: Contest, user, *, text: str, days: int = 5, holidays: str = "", contact: str = ""
) -> None:
    """Put the signed results on the public 公示 page, with the notice and the 公示期 (working
    days from publication, less the listed holidays) and whom to tell of an objection."""
    contest = _locked(contest)
    if contest.status not in SIGNED or not signoff_complete(active_signoffs(contest)):
        raise ResultsError(_("须由两个不同账号分别完成审核和监督签字后才能公示。"))
    if len(text) > 2000:
        raise ResultsError(_("公示说明请控制在 2000 字以内。"))
    if not 1 <= days <= 60:
        raise ResultsError(_("公示期请填写 1 至 60 个工作日。"))
    try:
        parse_holidays(holidays)
    except ValueError as problem:
        raise ResultsError(str(problem)) from None
    contest.publicity_text = clean_text(text).strip()
    contest.publicity_days = days
    contest.publicity_holidays = holidays.strip()
    contest.publicity_contact = clean_text(contact).strip()[:300]
    if contest.status != Contest.Status.PUBLISHED:  # an updated notice keeps the first day
        contest.published_at = timezone.now()
    contest.status = Contest.Status.PUBLISHED
    contest.save()
    snapshot = signed_snapshot(contest)
    _log(
        contest,
        ResultsEvent.Action.PUBLISH,
        user,
        contest.publicity_text,
        snapshot,
        fingerprint(contest, snapshot.data) if snapshot else "",
    )
    publish_contest_changed(contest.pk)


@transaction.atomic
def unpublish(contest: Contest, user) -> None:
    contest = _locked(contest)
    if contest.status != Contest.Status.PUBLISHED:
        raise ResultsError(_("结果尚未公示。"))
    contest.status = Contest.Status.SIGNED
    contest.published_at = None
    contest.save(update_fields=["status", "published_at", "updated_at"])
    _log(contest, ResultsEvent.Action.UNPUBLISH, user, snapshot=signed_snapshot(contest))
    publish_contest_changed(contest.pk)
