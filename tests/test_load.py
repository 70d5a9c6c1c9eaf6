"""A short run of bench/load.py against the full stack: judges under load, streams open,
then every acknowledged sheet stored exactly once and the standings correct."""

import os
import subprocess
import sys

import pytest

from tests.servers import ROOT

pytestmark = [pytest.mark.fullstack, pytest.mark.django_db(transaction=True)]


def test_short_load_run_loses_nothing(stack):
    env = {**stack.env, "ARENA_STACK_URL": stack.url, "DJANGO_SETTINGS_MODULE": "arena.settings"}
    env.pop("ARENA_STACK_MIGRATE", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/load.py"), "--judges", "20", "--listeners", "50",
         "--minutes", "0.25"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "correct: every acknowledged sheet stored once" in result.stdout
    assert "failed requests 0" in result.stdout
    assert os.path.exists(ROOT / "bench/locustfile.py")
