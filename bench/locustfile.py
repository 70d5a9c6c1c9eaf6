"""Locust users for bench/load.py: judges submitting sheets as their phones do.

Reads the contest from the JSON file in ARENA_LOAD_PLAN (judge tokens, contestant and criterion
ids); writes every acknowledged sheet (judge, contestant, version, submission id) to
ARENA_LOAD_ACKS when locust quits, for bench/load.py to check against the database.
"""

import json
import os
import random
import re
import uuid

from locust import FastHttpUser, between, events, task

PLAN = json.loads(open(os.environ["ARENA_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACKNOWLEDGED: list[tuple[int, int, int, str]] = []
judges = iter(PLAN["judges"])


class Judge(FastHttpUser):
    wait_time = between(PLAN["think_min"], PLAN["think_max"])

    def on_start(self) -> None:
        self.judge = next(judges)  # one user per judge link
        self.versions: dict[int, int] = {}
        self.csrf = None

    @task
    def submit(self) -> None:
        contestant = random.choice(PLAN["contestants"])
        url = f"/j/{self.judge['token']}/c/{contestant}/"
        if self.csrf is None:
            page = self.client.get(url, name="/j/[token]/c/[id]/ GET")
            self.csrf = CSRF.search(page.text).group(1)
        submission = uuid.uuid4().hex
        form = {f"score_{pk}": str(random.choice(PLAN["values"])) for pk in PLAN["criteria"]}
        form.update(csrfmiddlewaretoken=self.csrf, submission_id=submission)
        if contestant in self.versions:  # a revision, based on the version this phone knows
            form["base_version"] = str(self.versions[contestant])
        with self.client.post(
            url,
            data=form,
            headers={"Accept": "application/json", "Referer": self.host + url},
            name="/j/[token]/c/[id]/ POST",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                version = response.json()["version"]
                self.versions[contestant] = version
                ACKNOWLEDGED.append((self.judge["id"], contestant, version, submission))
                response.success()
            else:
                response.failure(f"{response.status_code} {response.text[:120]}")


@events.quitting.add_listener
def write_acknowledged(environment, **kwargs) -> None:
    with open(os.environ["ARENA_LOAD_ACKS"], "w", encoding="utf-8") as handle:
        json.dump(ACKNOWLEDGED, handle)
