"""Pasting a list of names on the 打擂人/评委 setup steps: one a line ("姓名 单位"), as a
spreadsheet import is checked and saved (contests.imports.import_rows): all lines or none, the
text kept with the problems when one is refused."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arena.lib.reader import Problem
from contests import imports, setup
from contests.kinds import presenter_label
from contests.models import Contest
from contests.permissions import organizer_contest
from contests.views import step_context

MAX_LINES = 2_000  # a hall's list, with room; a whole register goes through the file import


# Pasted names, one a line, in this order of columns (the rest are optional).
PASTED_COLUMNS = {
    "contestants": ("姓名", "单位", "职务", "分组"),
    "judges": ("姓名", "单位", "分组"),
}
MAX_PASTED_CHARACTERS = 200_000


def pasted_rows(kind: str, text: str) -> list[list[str]]:
    """Lines pasted from a list or a spreadsheet as rows under a header: "张明 市发改委" or
    "张明<Tab>市发改委<Tab>局长" (a spreadsheet's columns), "张明，市发改委" or "张明、市发改委".
    Blank lines are skipped (kept as notes, so rows keep their line numbers)."""
    rows = [list(PASTED_COLUMNS[kind])]
    for line in text[:MAX_PASTED_CHARACTERS].splitlines():
        line = line.strip()
        if not line:
            cells = ["#"]
        elif "\t" in line:
            cells = line.split("\t")
        elif any(mark in line for mark in ",，、;；"):
            cells = re.split(r"[,，、;；]", line)
        else:
            cells = line.split()
        rows.append([cell.strip() for cell in cells])
    return rows


def import_lines(
    contest: Contest, kind: str, text: str, allow_new_groups: bool = False
) -> imports.ImportResult:
    """Pasted lines checked and saved as a file is; problems name the pasted line."""
    result = imports.import_rows(contest, kind, pasted_rows(kind, text), allow_new_groups)
    result.problems = [
        Problem(p.row - 1, p.column, p.reason) if p.row > 1 else p for p in result.problems
    ]
    return result


@login_required
@require_POST
def paste_rows(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    contest = organizer_contest(request, pk)
    if kind not in PASTED_COLUMNS:
        raise Http404
    text = request.POST.get("lines", "")[:MAX_PASTED_CHARACTERS]
    what = presenter_label(contest) if kind == "contestants" else _("评委")
    if len(text.splitlines()) > MAX_LINES:
        problems = [_("一次最多粘贴 {n} 行；更长的名单请用文件导入。").format(n=MAX_LINES)]
    elif not text.strip():
        problems = [_("请粘贴名单，每行一位。")]
    else:
        try:
            with setup.change(
                contest, request.user, _("粘贴{label}名单").format(label=what)
            ) as locked:
                result = import_lines(
                    locked, kind, text, request.POST.get("allow_new_groups") == "1"
                )
        except setup.SetupError as error:
            problems = [str(error)]
        else:
            if result.ok:
                messages.success(
                    request, _("已添加 {n} 位{label}。").format(n=result.created, label=what)
                )
                return redirect("organizer:contest_step", contest.pk, kind)
            problems = [str(problem) for problem in result.problems]
    context = step_context(contest, kind, paste_text=text, paste_problems=problems)
    return render(request, "contests/contest_step.html", context, status=422)
