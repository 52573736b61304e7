"""Requests per second of hub_app's busiest pages, beside a bare Flask hello world.

Both apps are served the same way (gunicorn, two workers) and loaded the same way (wrk,
the same threads, connections and duration), in one run, so the ratio says how much of
the machine's HTTP capacity a page leaves; the absolute figures depend on the machine.
The app runs on a temporary SQLite file with the demo data, the API's per-token limit
lifted for the run. Prints requests/s, p50 and p99 latency, and the ratio to hello world.

    python3 bench/http.py [--seconds 10] [--connections 16]

Needs gunicorn and wrk (`apt-get install wrk`); skips with a message where either is missing.
"""

from __future__ import annotations

import os
import sys

# This file is bench/http.py: run as a script, its folder comes first on sys.path and hides
# the standard library's http package, which urllib needs.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import http.cookiejar  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import textwrap  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "kawasaki-hub-load-test-2026"
TARGETS = [
    ("GET /api/v1/consultations?per_page=25", "/api/v1/consultations?per_page=25", "token"),
    ("GET /api/v1/kpis?fiscal_year=2022", "/api/v1/kpis?fiscal_year=2022", "token"),
    ("GET /api/v1/organizations?per_page=25", "/api/v1/organizations?per_page=25", "token"),
    ("GET /welltech/consultations (signed in)", "/welltech/consultations", "cookie"),
]
APP = """
from hub_app import create_app

app = create_app({"API_RATE_LIMIT": "100000000 per minute"})
"""
HELLO = """
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    command = [sys.executable, "-m", "flask", "--app", "hub_app", *args]
    done = subprocess.run(
        command, env=env, cwd=ROOT, input=stdin, capture_output=True, text=True, check=True
    )
    return done.stdout


def serve(folder: Path, module: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (folder / f"{module}.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", f"{module}:app"],
        cwd=folder,
        env={**env, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + ("/api/v1/health" if module == "bench_app" else "/"))
            return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{module} did not start; see {log.name}")


def session_cookie(url: str, email: str) -> str:
    """Sign in through the real form and return the session cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert token, "no CSRF token on /login"
    form = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    opener.open(url + "/login", urllib.parse.urlencode(form).encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(url: str, header: str | None, seconds: int, connections: int) -> tuple[float, str, str]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} responses were not 2xx/3xx")
    return rate, p50, p99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    missing = [name for name in ("wrk",) if shutil.which(name) is None]
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        missing.append("gunicorn (pip install gunicorn)")
    if missing:
        print(f"bench/http.py skipped: {', '.join(missing)} not installed")
        return 0
    with tempfile.TemporaryDirectory(prefix="hub_app_bench.") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-secret-key",
        }
        flask(env, "init-db")
        flask(env, "demo-data")
        for email, role in (
            ("api-admin@example.jp", "admin"),
            ("welltech-staff@example.jp", "staff"),
        ):
            flask(env, "create-user", email, "--role", role, "--hub", "welltech",
                  "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        token = flask(env, "create-token", "api-admin@example.jp").strip().splitlines()[-1]
        (folder / "bench_app.py").write_text(textwrap.dedent(APP))
        (folder / "hello.py").write_text(textwrap.dedent(HELLO))
        app, app_url = serve(folder, "bench_app", env)
        hello, hello_url = serve(folder, "hello", env)
        try:
            cookie = session_cookie(app_url, "welltech-staff@example.jp")
            headers = {"token": f"Authorization: Bearer {token}", "cookie": f"Cookie: {cookie}"}
            base = wrk(hello_url + "/", None, args.seconds, args.connections)
            print(f"{'hello world':45} {base[0]:8.0f} req/s  p50 {base[1]:>8}  p99 {base[2]:>8}")
            for label, path, auth in TARGETS:
                rate, p50, p99 = wrk(app_url + path, headers[auth], args.seconds, args.connections)
                print(
                    f"{label:45} {rate:8.0f} req/s  p50 {p50:>8}  p99 {p99:>8}"
                    f"  ratio {rate / base[0]:.3f}"
                )
        finally:
            for server in (app, hello):
                server.terminate()
                server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
