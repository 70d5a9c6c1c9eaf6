"""A whole contest played against a running server over HTTP, for venue rehearsals and demos.

Presenters go on stage through the live functions (the command runs beside the server, with
its database); every judge scores through the same HTTP endpoint a phone uses, with a CSRF
cookie, a client submission id and retries, after a realistic think time.
"""

from __future__ import annotations

import http.cookiejar
import json
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from contests import live
from contests.models import Contest, Contestant, Judge

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    sent: int = 0
    recorded: int = 0
    retries: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: str) -> None:
        with self.lock:
            if outcome == "sent":
                self.sent += 1
            elif outcome == "recorded":
                self.recorded += 1
            elif outcome == "retry":
                self.retries += 1
            else:
                self.refused[outcome] = self.refused.get(outcome, 0) + 1


class JudgeClient:
    """One judge's phone: its own cookies, CSRF token and submission ids."""

    def __init__(self, base_url: str, judge: Judge) -> None:
        self.base = base_url.rstrip("/")
        self.judge = judge
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf: str | None = None

    def sheet_url(self, contestant: Contestant) -> str:
        return f"{self.base}/j/{self.judge.token}/c/{contestant.pk}/"

    def open_sheet(self, contestant: Contestant) -> str:
        """GET the sheet page as a phone does first; keeps its CSRF token for the POSTs."""
        with self.opener.open(self.sheet_url(contestant), timeout=10) as response:
            self.csrf = CSRF_INPUT.search(response.read().decode()).group(1)
        return self.csrf

    def submit(
        self,
        contestant: Contestant,
        scores: dict[int, Decimal],
        tally: Tally,
        *,
        attempts: int = 5,
        submission_id: str | None = None,
    ) -> dict | None:
        """POST one sheet like a phone does; the answer's JSON once recorded, else None.

        Every retry (server error, 429, dropped connection) repeats the same submission id, so
        the sheet is recorded once however often it is sent.
        """
        url = self.sheet_url(contestant)
        form = {f"score_{pk}": str(value) for pk, value in scores.items()}
        form["submission_id"] = submission_id or uuid.uuid4().hex
        csrf = self.csrf
        for attempt in range(attempts):
            try:
                if csrf is None:
                    csrf = self.open_sheet(contestant)
                body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": csrf}).encode()
                request = urllib.request.Request(  # noqa: S310 - http(s) URL given by the operator
                    url, body, headers={"Accept": "application/json", "Referer": url}
                )
                tally.add("sent")
                with self.opener.open(request, timeout=10) as response:
                    answer = json.loads(response.read())
                tally.add("recorded")
                return answer
            except urllib.error.HTTPError as error:
                if error.code >= 500 or error.code == 429:
                    tally.add("retry")
                    time.sleep(min(4.0, 0.5 * 2**attempt))
                    continue
                try:
                    code = json.loads(error.read() or b"{}").get("code", str(error.code))
                except ValueError:  # an HTML error page, e.g. a CSRF refusal
                    code = str(error.code)
                tally.add(code)
                return None
            except OSError:
                tally.add("retry")
                time.sleep(min(4.0, 0.5 * 2**attempt))
        tally.add("gave_up")
        return None


def random_scores(contest: Contest, rng: random.Random, strength: float) -> dict[int, Decimal]:
    """Scores around a presenter's 'strength' (0..1), on the contest's step."""
    step = Decimal(contest.score_step)
    scores = {}
    for criterion in contest.criteria.all():
        value = Decimal(str(max(0.0, min(1.0, rng.gauss(strength, 0.06))))) * criterion.max_score
        scores[criterion.pk] = (value / step).to_integral_value() * step
    return scores


def run(
    contest: Contest,
    base_url: str,
    *,
    judges: int | None = None,
    scoring_seconds: float = 60.0,
    seed: int = 1,
    report=print,
) -> Tally:
    """Every presenter in order: on stage, judges score within `scoring_seconds`, next."""
    rng = random.Random(seed)  # noqa: S311 - simulated people, not secrets
    if contest.status != Contest.Status.LIVE:
        live.start(contest)
    panel = list(contest.judges.order_by("order", "id"))[:judges]
    clients = [JudgeClient(base_url, judge) for judge in panel]
    tally = Tally()
    for contestant in contest.contestants.order_by("order"):
        live.put_on_stage(contest, contestant)
        strength = rng.uniform(0.7, 0.95)
        eligible = [c for c in clients if c.judge.unit != contestant.unit]
        threads = []
        for client in eligible:
            delay = rng.uniform(0, scoring_seconds)
            scores = random_scores(contest, rng, strength)
            thread = threading.Timer(delay, client.submit, args=(contestant, scores, tally))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        report(f"{contestant.order}. {contestant.name}: {len(eligible)} 位评委已评分")
    live.finish(contest)
    return tally
