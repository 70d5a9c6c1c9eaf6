"""试评 (test round): before the start, judges try the sheet on a dummy presenter. Checked like a
real sheet, stored apart from the real ones, and cleared at the start."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from arena.events import publish_contest_changed
from contests.models import Contest, Judge
from scoring.models import TrialSheet
from scoring.sheets import SubmissionError, parse_values


def trial_open(contest: Contest) -> bool:
    return contest.status == Contest.Status.DRAFT and contest.criteria.exists()


@transaction.atomic
def record_trial(judge: Judge, raw: dict[str, str]) -> TrialSheet:
    contest = judge.contest
    if not trial_open(contest):
        raise SubmissionError(409, "trial_over", _("擂台赛已开始，试评已结束。"))
    if judge.withdrawn_at is not None:
        raise SubmissionError(403, "judge_withdrawn", _("您已退出本场评分。"))
    values = parse_values(list(contest.criteria.all()), raw, Decimal(contest.score_step))
    stored = {str(pk): str(value) for pk, value in values.items()}
    trial, created = TrialSheet.objects.select_for_update().get_or_create(
        judge=judge, defaults={"contest": contest, "values": stored}
    )
    if not created:
        trial.values = stored
        trial.version += 1
        trial.save(update_fields=["values", "version", "submitted_at"])
    publish_contest_changed(contest.pk)  # the console's 已试评
    return trial


def discard_on_start(sender, contest: Contest, **kwargs) -> None:
    """contests.live.started: 试评 sheets never count, so they are gone when the contest starts."""
    TrialSheet.objects.filter(contest=contest).delete()
