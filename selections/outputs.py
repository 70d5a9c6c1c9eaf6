"""What a selection hands out: the 公示 notice (page and A4 PDF for the 村务公开栏), the final
表彰 list (PDF, XLSX), one 奖状 per person (A4 landscape PDF), the broadcast text and the
异议登记簿 (XLSX, PDF)."""

from __future__ import annotations

from itertools import groupby

from django.template.loader import render_to_string
from django.utils import timezone

from arena.lib.pdf import first_page_png, render_pdf
from arena.lib.tables import to_xlsx
from arena.lib.workdays import Window
from selections import flow
from selections.models import Nominee, Objection, Selection

BROADCAST_LIMIT = 300  # characters per nominee: what a 村村通广播 reads out


def grouped(nominees) -> list[tuple[str, list[tuple[str, list[Nominee]]]]]:
    """[(category, [(unit, [nominee, …]), …]), …] in the selection's order."""
    rows = list(nominees)
    return [
        (category, [(unit, list(people)) for unit, people in groupby(items, lambda n: n.unit.name)])
        for category, items in ((c, list(i)) for c, i in groupby(rows, lambda n: n.category.name))
    ]


def in_publicity(selection: Selection):
    """The nominees the 公示 names: those still in the selection."""
    return (
        selection.nominees.filter(status=Nominee.Status.ACTIVE)
        .select_related("unit", "category")
        .order_by("category__order", "unit__order", "id")
    )


def notice_window(selection: Selection) -> Window | None:
    span = flow.window(selection)
    if span is None:
        return None
    first, last = span
    return Window(first, last, selection.publicity_days, selection.publicity_contact,
                  timezone.localdate())  # fmt: skip


def notice_context(selection: Selection) -> dict:
    nominees = list(in_publicity(selection))
    return {
        "selection": selection,
        "groups": grouped(nominees),
        "count": len(nominees),
        "window": notice_window(selection),
    }


def notice_pdf(selection: Selection) -> bytes:
    return render_pdf(render_to_string("selections/notice_pdf.html", notice_context(selection)))


def final_list(selection: Selection) -> list[Nominee]:
    return list(flow.commended(selection))


def list_pdf(selection: Selection) -> bytes:
    people = final_list(selection)
    context = {"selection": selection, "groups": grouped(people), "count": len(people)}
    return render_pdf(render_to_string("selections/list_pdf.html", context))


def list_xlsx(selection: Selection) -> bytes:
    rows = [["序号", "类别", "单位", "姓名或案例", "事迹"]]
    rows += [
        [i, n.category.name, n.unit.name, n.name, n.story]
        for i, n in enumerate(final_list(selection), start=1)
    ]
    return to_xlsx([("表彰名单", rows)])


def certificates_pdf(selection: Selection) -> bytes:
    """One A4-landscape 奖状 per commended person, with the organisation and the 表彰 date."""
    context = {"selection": selection, "people": final_list(selection)}
    return render_pdf(render_to_string("selections/certificates_pdf.html", context))


def broadcast_text(nominee: Nominee) -> str:
    """What the 村村通广播 reads: who, where, which star, and the 事迹 cut to fit 300 characters."""
    head = f"{nominee.unit.name}{nominee.name}，荣获“{nominee.category.name}”。"
    story = " ".join(nominee.story.split())
    room = BROADCAST_LIMIT - len(head)
    if len(story) > room:
        story = story[: max(room - 1, 0)] + "…"
    return head + story


def broadcast_file(selection: Selection) -> bytes:
    """Every commended person's broadcast text, one paragraph each (UTF-8 with BOM, for Notepad)."""
    texts = [broadcast_text(n) for n in final_list(selection)]
    return ("\ufeff" + "\n\n".join(texts) + "\n").encode("utf-8")


REGISTER_HEAD = ["序号", "收到日期", "方式", "类别", "单位", "对象", "反映内容", "反映人", "逾期",
                 "结论", "处理意见", "处理人", "处理时间"]  # fmt: skip


def objection_register(selection: Selection) -> list[list]:
    """The 异议登记簿: every objection in the order received, with its finding; the header first.
    The XLSX and the PDF are both this table."""
    objections = (
        Objection.objects.filter(nominee__selection=selection)
        .select_related("nominee__unit", "nominee__category", "handled_by")
        .order_by("received_on", "id")
    )
    rows = [list(REGISTER_HEAD)]
    for i, o in enumerate(objections, start=1):
        handled_at = (
            timezone.localtime(o.handled_at).strftime("%Y-%m-%d %H:%M:%S") if o.handled_at else ""
        )
        rows.append([
            i, o.received_on, o.get_channel_display(), o.nominee.category.name, o.nominee.unit.name,
            o.nominee.name, o.content, o.submitter, "逾期" if o.late else "",
            o.get_finding_display() if o.finding else "待处理", o.reason,
            o.handled_by.get_username() if o.handled_by else "", handled_at,
        ])  # fmt: skip
    return rows


def register_xlsx(selection: Selection) -> bytes:
    return to_xlsx([("异议登记", objection_register(selection))])


def register_pdf(selection: Selection) -> bytes:
    head, *rows = objection_register(selection)
    context = {"selection": selection, "head": head, "rows": rows}
    return render_pdf(render_to_string("selections/register_pdf.html", context))


def share_png(selection: Selection) -> bytes:
    """A picture for the village WeChat groups: the 公示 notice's first page while it runs, the
    表彰 list's once commended, 1080 px wide."""
    commended = selection.status == Selection.Status.COMMENDED
    return first_page_png(list_pdf(selection) if commended else notice_pdf(selection))
