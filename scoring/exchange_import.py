"""Reading a contest document (docs/contest-format.md) back: every value checked as the forms
check it, references resolved by key, all of it saved or none (scoring/exchange.py writes it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from contests.changelog import log_baseline
from contests.models import (
    Contest,
    Contestant,
    ContestantGroup,
    Criterion,
    Indicator,
    IndicatorScore,
    Judge,
    JudgeGroup,
    Recusal,
)
from contests.setup import contest_indicator_problem
from orgs.access import personal_organisation
from orgs.models import Organisation
from scoring import indicators as indicator_rules
from scoring.exchange import (
    CONTEST_FIELDS,
    DECIMAL_CONTEST_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    OPTIONAL_CONTEST_FIELDS,
    OPTIONAL_DECIMAL_FIELDS,
    FormatError,
)
from scoring.models import AuditEntry, Score, ScoreSheet
from scoring.results import SIGNED
from scoring.sheets import SubmissionError, parse_values


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise FormatError(
            _("{where}: “{value}” 不是数字").format(where=where, value=value)
        ) from None
    if not number.is_finite() or number < 0:
        raise FormatError(_("{where}: “{value}” 必须是非负数").format(where=where, value=value))
    return number


def _ref(mapping: dict[str, Any], key: Any, where: str, optional: bool = False) -> Any:
    if key is None and optional:
        return None
    try:
        return mapping[str(key)]
    except KeyError:
        raise FormatError(
            _("{where}: 引用了不存在的键 “{key}”").format(where=where, key=key)
        ) from None


def import_contest(
    document: dict[str, Any], owner, *, new_tokens: bool = False, organisation=None
) -> Contest:
    """Create a contest from an exported document, all or nothing.

    It goes to `organisation` if given, else to the organisation the document names when one
    of that name exists here, else to the owner's personal organisation.

    Every value is checked as the forms and the judge's endpoint check it, with their messages
    prefixed by the place in the document; any problem imports nothing (FormatError)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError(_("不是擂台赛导出文件（format 应为 arena-contest）"))
    if document.get("format_version") != FORMAT_VERSION:
        raise FormatError(
            _("不支持的格式版本 {version}").format(version=document.get("format_version"))
        )
    try:
        with transaction.atomic():
            return _import(document, owner, new_tokens, organisation)
    except KeyError as error:
        raise FormatError(_("缺少字段 {error}").format(error=error)) from None
    except (TypeError, ValueError, AttributeError) as error:
        if isinstance(error, FormatError):
            raise
        raise FormatError(_("格式错误：{error}").format(error=error)) from None
    except IntegrityError as error:
        raise FormatError(
            _("与现有数据冲突（如评委链接已存在，可用 --new-tokens）：{error}").format(error=error)
        ) from None


def _checked(instance, where: str, exclude: tuple[str, ...] = ()) -> Any:
    """The instance, if its fields pass the model's own checks (choices, digits, constraints)."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        problems = "；".join(
            f"{field}: {' '.join(messages)}" if field != NON_FIELD_ERRORS else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
        raise FormatError(f"{where}: {problems}") from None
    return instance


def _import(document: dict[str, Any], owner, new_tokens: bool, organisation) -> Contest:
    data = document["contest"]
    named = data.get("organisation")
    if organisation is None and isinstance(named, str):
        organisation = Organisation.objects.filter(name=named).first()
    contest = Contest(
        owner=owner,
        organisation=organisation or personal_organisation(owner),
        date=dt.date.fromisoformat(data["date"]),
        **{name: data[name] for name in CONTEST_FIELDS},
        **{
            name: data.get(name, Contest._meta.get_field(name).get_default())
            for name in OPTIONAL_CONTEST_FIELDS
        },
        **{
            name: _decimal(data[name], f"contest.{name}")
            for name in DECIMAL_CONTEST_FIELDS
            if name in data or name not in OPTIONAL_DECIMAL_FIELDS
        },
    )
    if contest.status in SIGNED:
        # Sign-offs do not travel: officials sign the results on the server that holds them.
        contest.status = Contest.Status.CLOSED
    _checked(contest, "contest", exclude=("owner", "organisation"))
    if contest.judge_weight + contest.indicator_weight != 100:  # as the basics form refuses
        raise FormatError(_("contest: judge_weight + indicator_weight 须为 100"))
    contest.save()
    parent = ("contest", "group")  # set by this function, not read from the document
    criteria = {}
    for order, item in enumerate(document["criteria"], start=1):
        criterion = Criterion(
            contest=contest,
            name=item["name"],
            description=item.get("description", ""),
            max_score=_decimal(item["max_score"], f"criteria[{order}].max_score"),
            weight=_decimal(item.get("weight", "1"), f"criteria[{order}].weight"),
            order=order,
        )
        _checked(criterion, f"criteria[{order}]", parent).save()
        criteria[str(item["key"])] = criterion
    contestant_groups = {}
    for i, item in enumerate(document.get("contestant_groups", []), start=1):
        group = ContestantGroup(contest=contest, name=item["name"], order=i)
        _checked(group, f"contestant_groups[{i}]", parent).save()
        contestant_groups[str(item["key"])] = group
    judge_groups = {}
    for i, item in enumerate(document.get("judge_groups", []), start=1):
        group = JudgeGroup(
            contest=contest,
            name=item["name"],
            weight=_decimal(item.get("weight", "1"), f"judge_groups[{i}].weight"),
            order=i,
        )
        _checked(group, f"judge_groups[{i}]", parent).save()
        judge_groups[str(item["key"])] = group
    contestants = {}
    for i, item in enumerate(document["contestants"], start=1):
        contestant = Contestant(
            contest=contest,
            name=item["name"],
            title=item.get("title", ""),
            unit=item["unit"],
            topic=item.get("topic", ""),
            order=int(item["order"]),
            group=_ref(contestant_groups, item.get("group"), f"contestants[{i}].group", True),
        )
        _checked(contestant, f"contestants[{i}]", parent).save()
        contestants[str(item["key"])] = contestant
    judges = {}
    for i, item in enumerate(document["judges"], start=1):
        judge = Judge(
            contest=contest,
            name=item["name"],
            unit=item.get("unit", ""),
            order=int(item.get("order", i)),
            group=_ref(judge_groups, item.get("group"), f"judges[{i}].group", True),
        )
        if item.get("token") and not new_tokens:
            judge.token = item["token"]
        _checked(judge, f"judges[{i}]", parent).save()
        judges[str(item["key"])] = judge
    indicators = {}
    for i, item in enumerate(document.get("indicators", []), start=1):
        indicator = Indicator(
            contest=contest,
            name=item["name"],
            max_score=_decimal(item["max_score"], f"indicators[{i}].max_score"),
            weight=_decimal(item.get("weight", "1"), f"indicators[{i}].weight"),
            order=i,
            dimension=item.get("dimension", ""),
            scope=item.get("scope", Indicator.Scope.COMMON),
        )
        _checked(indicator, f"indicators[{i}]", parent).save()
        indicator.contestants.set(
            _ref(contestants, key, f"indicators[{i}].contestants")
            for key in item.get("contestants", [])
        )
        indicators[str(item["key"])] = indicator
    problem = contest_indicator_problem(contest)
    if problem:
        raise FormatError(f"indicators: {problem}")
    indicator_scores = []
    listed = Indicator.listed_presenters(contest)
    for i, item in enumerate(document.get("indicator_scores", []), start=1):
        where = f"indicator_scores[{i}]"
        indicator = _ref(indicators, item["indicator"], f"{where}.indicator")
        contestant = _ref(contestants, item["contestant"], f"{where}.contestant")
        try:  # as the indicator table checks a cell
            value = indicator_rules.parse_value(str(item["value"]), indicator)
        except ValueError as reason:
            raise FormatError(f"{where}.value: {reason}") from None
        if not indicator_rules.applies(indicator, contestant.pk, listed):
            raise FormatError(f"{where}: {indicator_rules.NOT_THEIRS}")
        indicator_scores.append(
            IndicatorScore(indicator=indicator, contestant=contestant, value=value)
        )
    IndicatorScore.objects.bulk_create(indicator_scores)
    Recusal.objects.bulk_create(
        Recusal(
            contest=contest,
            judge=_ref(judges, item["judge"], f"recusals[{i}].judge"),
            contestant=_ref(contestants, item["contestant"], f"recusals[{i}].contestant"),
            reason=item.get("reason", ""),
        )
        for i, item in enumerate(document.get("recusals", []), start=1)
    )
    step = Decimal(contest.score_step)
    in_order = list(criteria.values())
    for i, item in enumerate(document.get("sheets", []), start=1):
        where = f"sheets[{i}]"
        scores = item["scores"]
        raw = {
            str(_ref(criteria, key, f"{where}.scores").pk): str(value)
            for key, value in scores.items()
        }
        try:  # as the judge's endpoint checks a submission, with its messages
            values = parse_values(in_order, raw, step)
        except SubmissionError as error:
            raise FormatError(f"{where}: {error.message}") from None
        sheet = _checked(
            ScoreSheet(
                judge=_ref(judges, item["judge"], f"{where}.judge"),
                contestant=_ref(contestants, item["contestant"], f"{where}.contestant"),
                status=item.get("status", ScoreSheet.Status.SUBMITTED),
                version=int(item.get("version", 1)),
                comment=item.get("comment", ""),
                submission_id=item.get("submission_id", ""),
            ),
            where,
            exclude=("judge", "contestant"),
        )
        sheet.save()
        Score.objects.bulk_create(
            Score(sheet=sheet, criterion_id=pk, value=value) for pk, value in values.items()
        )
        recorded = {str(pk): str(value) for pk, value in values.items()}
        # The sheet enters this server's audit log as it arrives, so verify_audit replays it.
        AuditEntry.objects.create(
            contest=contest,
            judge=sheet.judge,
            contestant=sheet.contestant,
            sheet=sheet,
            action=AuditEntry.Action.CREATE,
            version=sheet.version,
            old_values=None,
            new_values={**recorded, "comment": sheet.comment},
            submission_id=sheet.submission_id,
            user_agent="import_contest",
        )
        # Keep the original times: auto_now fields are overwritten on save, so set them after.
        ScoreSheet.objects.filter(pk=sheet.pk).update(
            created_at=dt.datetime.fromisoformat(item["created_at"]),
            updated_at=dt.datetime.fromisoformat(item["updated_at"]),
        )
    if contest.status != Contest.Status.DRAFT:
        # It has been live elsewhere: from here on its setup changes are logged.
        log_baseline(contest, owner, _("导入擂台赛：设置基线"))
    return contest
