"""CPU per request, by process, on the full stack: what a judge's sheet costs next to the floor.

    eval "$(ARENA_JUDGE_POSTS_PER_MINUTE=100000 bash scripts/stack.sh start)"
    .venv/bin/python bench/request_cost.py --requests 600

One client, one keep-alive connection, one request at a time, so every process's CPU time (read
from /proc before and after) belongs to the requests measured. Four kinds of request: a static
file (served by WhiteNoise inside Django's middleware stack), an unknown URL (the full
middleware stack, URL resolution and the 404 page), a judge's sheet POST as the phone sends it
(JSON answer), and the leaderboard frame an audience phone re-fetches on every standings event.
The first two are the floor any Django request pays on this machine; a throughput target
implies a CPU budget per sheet to compare them with. Sequential POSTs each
queue a recompute, so the Celery column is the worst case; under load recomputes coalesce.
"""

import argparse
import collections
import http.client
import os
import random
import re
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from load import build  # noqa: E402

KINDS = ("uvicorn", "postgres", "celery", "redis")


def cpu_seconds_by_kind() -> collections.Counter:
    """User + system CPU of every process on the machine, summed by kind of server."""
    ticks: collections.Counter = collections.Counter()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        kind = next((k for k in KINDS if k.encode() in cmdline), None)
        if kind is None and b"multiprocessing" in cmdline:
            kind = "uvicorn"  # uvicorn's worker processes are spawned by multiprocessing
        if kind:
            ticks[kind] += int(fields[11]) + int(fields[12])
    hz = os.sysconf("SC_CLK_TCK")
    return collections.Counter({kind: count / hz for kind, count in ticks.items()})


def measure(connection, requests: list) -> tuple[float, collections.Counter]:
    time.sleep(1)  # let the previous batch's recompute finish
    before, started = cpu_seconds_by_kind(), time.monotonic()
    for method, url, body, headers, expected in requests:
        connection.request(method, url, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != expected:
            # 429: the stack runs with a real judge's rate limit; start it with
            # ARENA_JUDGE_POSTS_PER_MINUTE=100000.
            raise SystemExit(f"{method} {url}: {response.status}, expected {expected}")
    wall = time.monotonic() - started
    time.sleep(2)  # the recompute the last POST queued
    after = cpu_seconds_by_kind()
    return wall, collections.Counter({k: after[k] - before[k] for k in KINDS})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("ARENA_STACK_URL", "http://127.0.0.1:8010"))
    parser.add_argument("--requests", type=int, default=600)
    args = parser.parse_args()
    if not (settings.REDIS_URL and settings.DATABASES["default"]["ENGINE"].endswith("postgresql")):
        raise SystemExit("run against the full stack: eval the output of scripts/stack.sh start")

    contest = build(judges=20, contestants=30)
    judges = list(contest.judges.order_by("order"))
    contestants = list(contest.contestants.values_list("pk", flat=True))
    criteria = list(contest.criteria.values_list("pk", flat=True))
    host, port = args.url.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port))
    first = f"/j/{judges[0].token}/c/{contestants[0]}/"
    connection.request("GET", first)
    page = connection.getresponse()
    cookie = page.getheader("Set-Cookie", "").split(";")[0]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)

    def sheet(index: int) -> tuple:
        judge = judges[index % len(judges)]
        url = f"/j/{judge.token}/c/{contestants[index // len(judges) % len(contestants)]}/"
        form = {f"score_{pk}": str(random.randrange(30, 51) / 2) for pk in criteria}
        form.update(csrfmiddlewaretoken=csrf, submission_id=uuid.uuid4().hex)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Referer": args.url + url,
            "Cookie": cookie,
        }
        return ("POST", url, urlencode(form), headers, 200)

    n = args.requests
    batches = {
        "static file": [("GET", "/static/js/countdown.js", None, {}, 200)] * n,
        "unknown URL (404)": [("GET", "/no/such/page/", None, {}, 404)] * n,
        "judge's sheet POST": [sheet(i) for i in range(n)],
        # What each audience phone fetches on every standings event (30 contestants).
        "audience frame": [("GET", f"/s/{contest.screen_token}/frame/?layout=phone", None, {}, 200)]
        * n,
    }
    print(f"{os.cpu_count()} cores; {n} sequential requests of each kind; ms of CPU per request")
    print(f"{'request':22} {'wall':>7} " + " ".join(f"{k:>9}" for k in KINDS))
    for name, requests in batches.items():
        wall, cpu = measure(connection, requests)
        print(
            f"{name:22} {wall / n * 1000:6.1f}  "
            + " ".join(f"{cpu[k] / n * 1000:9.2f}" for k in KINDS)
        )
    return 0


if __name__ == "__main__":
    random.seed(1)
    sys.exit(main())
