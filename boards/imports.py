"""The boards' spreadsheets, all rows or none, each problem named by row and column: metric
definitions (creating the boards they name; a second import of the same file changes nothing),
a month's values, pledges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from arena.lib.reader import Column, ImportResult, ImportSpec, Problem, parse
from arena.text import column_limit, to_column
from boards import rules
from boards.models import Board, Metric, Pledge
from boards.values import COUNT_LIMIT, FIGURE_LIMIT
from series.entrants import match, match_list, name_index
from series.models import Series

DEFINITION_SPEC = ImportSpec(
    kind="metrics",
    label="指标",
    columns=(
        Column("指标编号", "code", required=True, max_length=30, example="SK-01"),
        Column("指标名称", "name", required=True, max_length=200, example="地区生产总值增速"),
        Column("榜单", "board", required=True, max_length=100, example="省考排行榜"),
        Column("行动", "action", max_length=100, example="经济发展"),
        Column("领办领导", "lead_leader", max_length=50, example="王副区长"),
        Column("牵头单位", "lead", max_length=200, example="区发改局"),
        Column("配合单位", "co", max_length=500, example="区统计局、区经信局"),
        Column("计量单位", "unit", max_length=20, example="%"),
        Column("口径", "basis", max_length=4, example="当期"),
        Column("方向", "direction", max_length=4, example="正向"),
        Column("方式", "mode", max_length=10, example="差值"),
        Column("频次", "frequency", max_length=4, example="季"),
        Column("年度目标", "annual_target", max_length=20, example="6.0"),
        Column("力争目标", "stretch_target", max_length=20, example="6.5"),
        Column("对比范围", "peer_group", max_length=100, example="全省山区26县"),
        Column("数据来源", "source", max_length=100, example="区统计局"),
        Column("权重", "weight", max_length=10, example="1"),
    ),
)
VALUE_SPEC = ImportSpec(
    kind="values",
    label="指标数据",
    columns=(
        Column("指标编号", "code", required=True, max_length=30, example="SK-01"),
        Column("指标名称", "name", max_length=200, example="地区生产总值增速"),
        Column("本期实际", "actual", max_length=20, example="5.8"),
        Column("累计实际", "cumulative_actual", max_length=20, example=""),
        Column("本期目标", "target", max_length=20, example=""),
        Column("位次", "rank", max_length=6, example="9"),
        Column("参评总数", "field", max_length=6, example="26"),
        Column("存在问题", "problems", max_length=2000, example="工业投资增速回落"),
        Column("数据来源", "source", max_length=100, example="区统计局"),
    ),
)
DIRECTIONS = {str(label): value for value, label in Metric.Direction.choices}
MODES = {str(label): value for value, label in Metric.Mode.choices}
FREQUENCIES = {str(label): value for value, label in Metric.Frequency.choices}
# 口径: how a 完成率 metric's actual is counted. 累计 (an amount summed over the year, judged
# against 序时进度) or 当期 (a rate or level, judged against the annual target). The file says
# which; a unit word never decides it (万人次, 标准箱, 吨… are amounts as well).
BASES = {"累计": True, "当期": False}


def read_number(
    record: dict, attr: str, header: str, problems: list, row: int, limit=FIGURE_LIMIT, places=4
) -> Decimal | None:
    text = record[attr].replace(",", "").replace("，", "").strip().rstrip("%")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(
            Problem(row, header, _("“{value}”不是数字").format(value=record[attr][:20]))
        )
        return None
    if not value.is_finite():
        problems.append(Problem(row, header, _("不是数字")))
        return None
    if abs(value) < limit:
        value = to_column(value, places)
    if abs(value) >= limit:
        problems.append(
            Problem(
                row, header, _("超出可记录的范围：绝对值须小于 {limit}").format(limit=f"{limit:,}")
            )
        )
        return None
    return value


def _choice(record: dict, attr: str, header: str, choices: dict, default: str, problems, row):
    text = record[attr]
    if not text:
        return default
    if text not in choices:
        problems.append(
            Problem(row, header, _("应为 {kinds} 之一").format(kinds="、".join(choices)))
        )
        return default
    return choices[text]


def import_definitions(series: Series, rows: list[list[str]]) -> ImportResult:
    """Create or update metrics by 指标编号 (and the boards they name). A row that matches the
    metric as it stands changes nothing."""
    records, problems = parse(DEFINITION_SPEC, rows)
    if not records:
        return ImportResult(problems=problems)
    index = name_index(series)
    seen: dict[str, int] = {}
    for record in records:
        row = record["_row"]
        if record["code"] in seen:
            problems.append(
                Problem(
                    row,
                    "指标编号",
                    _("与第 {row} 行重复：{code}").format(
                        row=seen[record["code"]], code=record["code"]
                    ),
                )
            )
        seen.setdefault(record["code"], row)
        record["direction"] = _choice(record, "direction", "方向", DIRECTIONS, "up", problems, row)
        record["mode"] = _choice(record, "mode", "方式", MODES, "ratio", problems, row)
        record["frequency"] = _choice(
            record, "frequency", "频次", FREQUENCIES, "month", problems, row
        )
        annual_text = record["annual_target"].strip()
        for attr, header, limit, places in (
            ("annual_target", "年度目标", FIGURE_LIMIT, 4),
            ("stretch_target", "力争目标", FIGURE_LIMIT, 4),
            ("weight", "权重", column_limit(6, 3), 3),
        ):
            record[attr] = read_number(record, attr, header, problems, row, limit, places)
        if record["weight"] is not None and record["weight"] < 0:
            problems.append(Problem(row, "权重", _("不能为负数")))
        basis = record["basis"].strip()
        if basis and basis not in BASES:
            problems.append(Problem(row, "口径", _("应为 累计 或 当期")))
        elif record["mode"] == "ratio" and not basis:
            problems.append(
                Problem(
                    row, "口径", _("完成率指标须填口径：累计（按序时进度）或 当期（用年度目标）")
                )
            )
        record["cumulative"] = record["mode"] == "ratio" and BASES.get(basis, False)
        if record["mode"] != "rank" and not annual_text:
            problems.append(Problem(row, "年度目标", _("完成率和差值方式须填年度目标")))
        lead = record["lead"]
        record["lead"] = match(index, lead) if lead else None
        if lead and record["lead"] is None:
            problems.append(
                Problem(row, "牵头单位", _("不是本系列的参赛单位：{names}").format(names=lead))
            )
        record["co"], unknown = match_list(index, record["co"])
        if unknown:
            problems.append(
                Problem(
                    row,
                    "配合单位",
                    _("不是本系列的参赛单位：{names}").format(names="、".join(unknown)),
                )
            )
    if problems:
        return ImportResult(problems=sorted(problems, key=lambda p: p.row))
    created = 0
    with transaction.atomic():
        Series.objects.select_for_update().get(pk=series.pk)
        boards = {b.name: b for b in series.boards.all()}
        new_boards = []
        for record in records:
            board = boards.get(record["board"])
            if board is None:
                board = boards[record["board"]] = Board.objects.create(
                    series=series, name=record["board"], order=len(boards)
                )
                new_boards.append(board.name)
            fields = {
                "name": record["name"],
                "action": record["action"],
                "lead_leader": record["lead_leader"],
                "lead_entrant": record["lead"],
                "unit": record["unit"],
                "direction": record["direction"],
                "mode": record["mode"],
                "frequency": record["frequency"],
                "cumulative": record["cumulative"],
                "annual_target": record["annual_target"],
                "stretch_target": record["stretch_target"],
                "peer_group": record["peer_group"],
                "source": record["source"],
                "weight": record["weight"] if record["weight"] is not None else Decimal(1),
            }
            metric, made = Metric.objects.get_or_create(
                board=board, code=record["code"], defaults=fields
            )
            created += made
            if not made:
                changed = [k for k, v in fields.items() if getattr(metric, k) != v]
                if changed:
                    for key in changed:
                        setattr(metric, key, fields[key])
                    metric.save(update_fields=changed)
            if set(metric.co_entrants.all()) != set(record["co"]):
                metric.co_entrants.set(record["co"])
    return ImportResult(created=created, groups_created=new_boards)


def import_values(
    series: Series, period: dt.date, rows: list[list[str]], user=None
) -> ImportResult:
    """A month's values by 指标编号; an existing value of that month is replaced (audited)."""
    from boards.values import record_value

    records, problems = parse(VALUE_SPEC, rows)
    if not records:
        return ImportResult(problems=problems)
    metrics = {m.code: m for m in Metric.objects.filter(board__series=series)}
    for record in records:
        row = record["_row"]
        if record["code"] not in metrics:
            problems.append(
                Problem(row, "指标编号", _("没有这个指标：{code}").format(code=record["code"]))
            )
        for attr, header, limit in (
            ("actual", "本期实际", FIGURE_LIMIT),
            ("cumulative_actual", "累计实际", FIGURE_LIMIT),
            ("target", "本期目标", FIGURE_LIMIT),
            ("rank", "位次", COUNT_LIMIT),
            ("field", "参评总数", COUNT_LIMIT),
        ):
            record[attr] = read_number(record, attr, header, problems, row, limit)
        for attr, header in (("rank", "位次"), ("field", "参评总数")):
            if record[attr] is not None and (record[attr] != int(record[attr]) or record[attr] < 1):
                problems.append(Problem(row, header, _("须为正整数")))
        if (
            record["rank"] is not None
            and record["field"] is not None
            and record["rank"] > record["field"]
        ):
            problems.append(Problem(row, "位次", _("位次不能大于参评总数")))
    if problems:
        return ImportResult(problems=sorted(problems, key=lambda p: p.row))
    with transaction.atomic():
        for record in records:
            record_value(
                metrics[record["code"]],
                period,
                {
                    k: record[k]
                    for k in (
                        "actual",
                        "cumulative_actual",
                        "target",
                        "rank",
                        "field",
                        "problems",
                        "source",
                    )
                },
                user=user,
            )
    return ImportResult(created=len(records))


PLEDGE_SPEC = ImportSpec(
    kind="pledges",
    label="承诺",
    columns=(
        Column("单位", "unit_name", required=True, max_length=200, example="区发改局"),
        Column(
            "承诺内容", "text", required=True, max_length=500, example="力争一季度GDP增长6%以上"
        ),
        Column("指标编号", "code", max_length=30, example="SK-01"),
        Column("比较", "comparator", max_length=4, example="≥"),
        Column("确保值", "assured", max_length=20, example=""),
        Column("力争值", "stretch", max_length=20, example="6.0"),
        Column("计量单位", "unit", max_length=20, example="%"),
        Column("时限", "due", required=True, max_length=20, example="一季度"),
    ),
)
COMPARATORS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "完成": "done"}


def import_pledges(series: Series, rows: list[list[str]]) -> ImportResult:
    records, problems = parse(PLEDGE_SPEC, rows)
    if not records:
        return ImportResult(problems=problems)
    index = name_index(series)
    metrics = {m.code: m for m in Metric.objects.filter(board__series=series)}
    for record in records:
        row = record["_row"]
        record["entrant"] = match(index, record["unit_name"])
        if record["entrant"] is None:
            problems.append(
                Problem(
                    row,
                    "单位",
                    _("不是本系列的参赛单位：{names}").format(names=record["unit_name"]),
                )
            )
        if record["code"] and record["code"] not in metrics:
            problems.append(
                Problem(row, "指标编号", _("没有这个指标：{code}").format(code=record["code"]))
            )
        comparator = COMPARATORS.get(record["comparator"] or "≥")
        if comparator is None:
            problems.append(Problem(row, "比较", _("应为 ≥、≤ 或 完成")))
        record["comparator"] = comparator
        for attr, header in (("assured", "确保值"), ("stretch", "力争值")):
            record[attr] = read_number(record, attr, header, problems, row)
        if comparator in {">=", "<="} and record["assured"] is None and record["stretch"] is None:
            problems.append(Problem(row, "确保值", _("请填确保值或力争值")))
        record["due"] = rules.due_date(record["due"], dt.date(series.year, 1, 1))
        if record["due"] is None:
            problems.append(
                Problem(
                    row, "时限", _("应为 一季度、上半年、前三季度、全年 或 2026-03-31 这样的日期")
                )
            )
    if problems:
        return ImportResult(problems=sorted(problems, key=lambda p: p.row))
    Pledge.objects.bulk_create(
        Pledge(
            series=series,
            entrant=r["entrant"],
            text=r["text"],
            original_text=r["text"],
            metric=metrics.get(r["code"]),
            comparator=r["comparator"],
            assured=r["assured"],
            stretch=r["stretch"],
            unit=r["unit"],
            due=r["due"],
        )
        for r in records
    )
    return ImportResult(created=len(records))
