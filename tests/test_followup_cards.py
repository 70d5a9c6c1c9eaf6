"""黄牌 and 红牌 over the rounds (issue 19, case 6): 蜗牛 R1 丙, R2 甲, R3 丁."""

import datetime as dt

from followup import ledger
from followup.cards import settings_for
from followup.models import Card, Matter
from tests.test_series_rounds import R1, R2, R3, make_series, play

D = dt.date


def test_cards_lifted_escalated_and_active(organizer, supervisor):
    series = make_series(organizer)
    config = settings_for(series)
    config.cards = True
    config.red_card_consequence = "退出重点项目计划"
    config.save()
    play(series, organizer, supervisor, 1, R1)
    bing = Card.objects.get(entrant__short_name="丙")
    measure = bing.matter.measures.get()
    assert (bing.colour, measure.deadline) == ("yellow", D(2026, 4, 17))
    ledger.mark_done(measure, evidence="整改到位", today=D(2026, 4, 8))
    ledger.verify(measure, user=organizer, today=D(2026, 4, 10))

    play(series, organizer, supervisor, 2, R2)
    bing.refresh_from_db()
    assert bing.colour == "lifted" and bing.changed_round.number == 2
    jia = Card.objects.get(entrant__short_name="甲")
    assert (jia.colour, jia.matter.measures.get().deadline) == ("yellow", D(2026, 7, 18))

    play(series, organizer, supervisor, 3, R3)
    jia.refresh_from_db()
    assert (jia.colour, jia.changed_round.number, jia.note) == ("red", 3, "退出重点项目计划")
    ding = Card.objects.get(entrant__short_name="丁")
    assert (ding.colour, ding.matter.measures.get().deadline) == ("yellow", D(2026, 10, 18))
    assert Matter.objects.filter(kind="rectification").count() == 3


def test_cards_are_off_by_default(organizer, supervisor):
    series = make_series(organizer)
    play(series, organizer, supervisor, 1, R1)
    assert not Card.objects.exists()


def test_the_bulletin_and_report_card_carry_the_cards(organizer, supervisor, organizer_client):
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    series = make_series(organizer)
    config = settings_for(series)
    config.cards = True
    config.save()
    for number, scores in enumerate([R1, R2, R3], start=1):
        play(series, organizer, supervisor, number, scores)
    bulletin = organizer_client.get(reverse("series:download", args=[series.pk, "bulletin.pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bulletin.content)).pages)
    assert "红牌：市商务局" not in text  # 丙's card was lifted at R2, not red
    assert "红牌：市发展和改革委员会" in text and "黄牌：市文化广电旅游局" in text
    report = organizer_client.get(reverse("series:download", args=[series.pk, "report.pdf"]))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(report.content)).pages]
    jia = next(p for p in pages[1:] if "市发展和改革委员会" in p)
    assert "黄牌（第 2 期蜗牛），第 3 期签字时转为红牌" in jia
