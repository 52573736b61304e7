"""Requests per second of hub_app's busiest pages, beside a bare Flask hello world.

Both apps are served the same way (gunicorn, two workers) and loaded the same way (wrk,
the same threads, connections and duration), in one run, so the ratio says how much of
the machine's HTTP capacity a page leaves; the absolute figures depend on the machine.
The app runs on a temporary SQLite file with the demo data, the API's per-token limit
lifted for the run. Prints requests/s, p50 and p99 latency, and the ratio to hello world;
and the CPU time the server's processes spent per request, with its ratio to hello world's,
which a machine shared with other work changes much less than requests/s.

    python3 bench/http.py [--seconds 10] [--connections 16] [--baseline main] [--only api]

--baseline serves a commit's code too (from `git archive`, on the same database), each
target measured on it just before the working tree's: before and after in one run.

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
import io  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tarfile  # noqa: E402
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


def serve(
    folder: Path, module: str, env: dict[str, str], code: Path = ROOT, name: str = ""
) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (folder / f"{name or module}.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", f"{module}:app"],
        cwd=folder,
        env={**env, "PYTHONPATH": f"{folder}{os.pathsep}{code}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):  # a loaded machine takes a while to import the app
        try:
            urllib.request.urlopen(url + ("/api/v1/health" if module == "bench_app" else "/"))
            return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{module} did not start; see {log.name}")


def cpu_seconds(master: int) -> float:
    """CPU time (user + system) of a gunicorn master and its workers so far, from /proc:
    a share of the machine that other processes' load does not change much."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if entry.name == str(master) or fields[1] == str(master):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


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


def wrk(
    url: str, header: str | None, seconds: int, connections: int, server: int
) -> tuple[float, str, str, float]:
    """Requests/s, p50, p99, and the server's CPU milliseconds per request."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    before = cpu_seconds(server)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    used = cpu_seconds(server) - before
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} responses were not 2xx/3xx")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return rate, p50, p99, used * 1000 / max(requests, 1)


def export(ref: str, folder: Path) -> Path:
    """The tree of a git commit (`main`), unpacked beside the run's database."""
    target = folder / "baseline"
    target.mkdir()
    git = shutil.which("git") or "git"
    archive = subprocess.run([git, "archive", ref], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def line(label: str, result: tuple[float, str, str, float], base: tuple | None = None) -> str:
    rate, p50, p99, cpu = result
    text = f"{label:45} {rate:7.0f} req/s  p50 {p50:>8}  p99 {p99:>8}  cpu {cpu:5.2f} ms/req"
    if base is not None:
        text += f"  ratio {rate / base[0]:.3f}  cpu ratio {base[3] / cpu:.3f}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--baseline", metavar="GIT_REF", help="also serve this commit's code (before/after)"
    )
    parser.add_argument("--only", metavar="TEXT", help="only the targets whose label has TEXT")
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
        servers = []
        try:
            app, app_url = serve(folder, "bench_app", env)
            servers.append(app)
            apps = [("", app, app_url)]
            if args.baseline:
                code = export(args.baseline, folder)
                before, before_url = serve(folder, "bench_app", env, code, "baseline")
                servers.append(before)
                apps.insert(0, (f"[{args.baseline[:10]}] ", before, before_url))
            hello, hello_url = serve(folder, "hello", env)
            servers.append(hello)
            cookie = session_cookie(app_url, "welltech-staff@example.jp")
            headers = {"token": f"Authorization: Bearer {token}", "cookie": f"Cookie: {cookie}"}
            run = (args.seconds, args.connections)
            print(f"load average before: {os.getloadavg()[0]:.2f}")
            base = wrk(hello_url + "/", None, *run, hello.pid)
            print(line("hello world", base))
            for label, path, auth in TARGETS:
                if args.only and args.only not in label:
                    continue
                for tag, server, url in apps:
                    result = wrk(url + path, headers[auth], *run, server.pid)
                    print(line(tag + label, result, base))
            print(f"load average after: {os.getloadavg()[0]:.2f}")
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
