"""Served the way production serves it: gunicorn with the repository's gunicorn.conf.py,
two worker processes, one database. A person signs in and reads a page; the API's rate
limit holds across both workers and across a restart."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hub_app.auth import services
from hub_app.extensions import db
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, db_url: str, log: Path, **env: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "gunicorn-test-secret",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": str(log),
            "GUNICORN_ERROR_LOG": str(log.with_suffix(".err")),
            "MFA_REQUIRED_ROLES": "",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603  fixed arguments, no shell
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(self.log.with_suffix(".err").read_text())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def _pids(log: Path, path: str) -> set[str]:
    return {
        line.rsplit("pid=", 1)[1].strip() for line in log.read_text().splitlines() if path in line
    }


def _both_workers_up(server: Gunicorn) -> None:
    """Wait until each of the two workers has answered: the first to boot answers the
    start-up probe, and on a busy machine the second may still be importing the app."""
    deadline = time.monotonic() + 60
    with ThreadPoolExecutor(max_workers=4) as pool:
        while len(_pids(server.log, "/api/v1/health")) < 2:
            assert time.monotonic() < deadline, "the second worker never answered"
            list(pool.map(lambda _: _status(f"{server.url}/api/v1/health", {}), range(8)))


def _status(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  a local test server
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served(db_url, tmp_path):
    server = Gunicorn(db_url, tmp_path / "access.log", API_RATE_LIMIT="20 per day")
    server.start()
    yield server
    server.stop()


def test_sign_in_and_read_a_page_through_gunicorn(served, make_user):
    user = make_user("staff", ["welltech"])
    email, name = user.email, user.name
    db.session.commit()  # outside a request, this session's reads hold SQLite's write lock
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = browser.open(f"{served.url}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"email": email, "password": PASSWORD, "csrf_token": token}
    ).encode()
    dashboard = browser.open(f"{served.url}/login", data=form)
    assert dashboard.url == f"{served.url}/"
    assert f"{name}さんのダッシュボード" in dashboard.read().decode()
    assert browser.open(f"{served.url}/organizations").status == 200
    health = urllib.request.urlopen(f"{served.url}/api/v1/health").read()  # noqa: S310
    assert b'"database":"ok"' in health.replace(b" ", b"")


def test_rate_limit_holds_across_two_workers_and_a_restart(served, make_user):
    token = services.create_token(None, make_user("staff"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{served.url}/api/v1/organizations"
    _both_workers_up(served)
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _: _status(url, headers), range(30)))
    assert statuses.count(200) == 20 and statuses.count(429) == 10
    pids = _pids(served.log, "/api/v1/organizations")
    assert len(pids) == 2, pids  # both workers answered, and the limit held over both
    served.stop()
    served.start()
    assert _status(url, headers) == 429  # a restart forgets nothing
