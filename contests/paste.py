"""Pasting a list of names on the 打擂人/评委 setup steps: one a line ("姓名 单位"), as a
spreadsheet import is checked and saved (contests.imports.import_lines): all lines or none, the
text kept with the problems when one is refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contests import imports, setup
from contests.kinds import presenter_label
from contests.permissions import organizer_contest
from contests.views import step_context

MAX_LINES = 2_000  # a hall's list, with room; a whole register goes through the file import


@login_required
@require_POST
def paste_rows(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    contest = organizer_contest(request, pk)
    if kind not in imports.PASTED_COLUMNS:
        raise Http404
    text = request.POST.get("lines", "")[: imports.MAX_PASTED_CHARACTERS]
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
                result = imports.import_lines(
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
