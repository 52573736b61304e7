"""The API against its own OpenAPI document, as an integrating system would try it.

Builds a temporary SQLite database with the demo data and an administrator's token,
serves the app on a free port, and runs schemathesis twice: with a fixed seed (a failure
reproduces) and with a random one (each run explores something new), each bounded in
time. Prints the failures per check and exits non-zero when any of the REQUIRED checks
failed. positive_data_acceptance and negative_data_rejection run too and are counted,
but do not fail the run: what remains of them depends on stored data (see
schemathesis.toml beside this file).

    python3 -m tests.contract.run_schemathesis [--seconds 80] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
FIXED_SEED = 20221
REQUIRED = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "unsupported_method",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
)
INFORMATIONAL = ("positive_data_acceptance", "negative_data_rejection")
ADMIN = "contract-admin@example.jp"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "hub_app", *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def prepare(folder: Path) -> tuple[dict[str, str], str]:
    """A demo database and an administrator's API token."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'contract.sqlite3'}",
        "SECRET_KEY": "contract-run-secret-key",
    }
    flask(env, "init-db")
    flask(env, "demo-data")
    flask(
        env,
        "create-user",
        ADMIN,
        "--role",
        "admin",
        "--password-stdin",
        stdin="contract-pw-2026-long\n",
    )
    token = flask(env, "create-token", ADMIN).strip().splitlines()[-1]
    return env, token


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """The app on `port`; its request log goes to a file (a pipe nobody reads would fill
    up and stall the server mid-run)."""
    with log.open("w") as handle:
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.contract.serve", str(port)],
            env=env,
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the app did not start")


def run(url: str, token: str, seed: int, seconds: int, report: Path) -> Counter[str]:
    """One schemathesis run; failures per check, read from its JSON report."""
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(CONFIG),
        "run",
        f"{url}/api/v1/openapi.json",
        "--url",
        f"{url}/api/v1",
        "-H",
        f"Authorization: Bearer {token}",
        "--checks",
        ",".join(REQUIRED + INFORMATIONAL),
        "--seed",
        str(seed),
        "--max-time",
        str(seconds),
        "--continue-on-failure",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--no-color",
    ]
    print(f"== schemathesis, seed {seed}, at most {seconds} s", flush=True)
    subprocess.run(command, cwd=ROOT, check=False)
    return failures_per_check(report)


#: schemathesis's failure codes (`st explain CODE`) and the check that reports each
CODES = {
    "ST101": "not_a_server_error",
    "ST102": "not_a_server_error",
    "ST103": "status_code_conformance",
    "ST104": "content_type_conformance",
    "ST105": "content_type_conformance",
    "ST106": "content_type_conformance",
    "ST107": "response_headers_conformance",
    "ST108": "response_schema_conformance",
    "ST109": "response_schema_conformance",
    "ST110": "response_schema_conformance",
    "ST111": "response_schema_conformance",
    "ST201": "negative_data_rejection",
    "ST202": "positive_data_acceptance",
    "ST203": "missing_required_header",
    "ST204": "unsupported_method",
    "ST205": "allow_header_conformance",
    "ST301": "use_after_free",
    "ST302": "ensure_resource_availability",
    "ST401": "ignored_auth",
    "ST402": "object_level_authorization",
}


def failures_per_check(report: Path) -> Counter[str]:
    """Unique failures per check, and the run's errors (timeouts, schema errors)."""
    counts: Counter[str] = Counter()
    if not report.exists():
        counts["errors (no report)"] += 1
        return counts
    data = json.loads(report.read_text())
    for group in data.get("failures", []):
        check = CODES.get(group.get("code"), f"other {group.get('code')}")
        counts[check] += int(group.get("count", 1))
        for operation in group.get("operations", []):
            print(f"   {group.get('code')} {check}: {operation}")
    for group in data.get("errors", []):
        counts["errors"] += int(group.get("count", 1))
        print(f"   error: {group.get('title')}")
    return counts


def print_server_errors(log: Path) -> None:
    """The tracebacks the app logged: what a 500 was, without rerunning anything."""
    text = log.read_text(errors="replace") if log.exists() else ""
    blocks = [b for b in text.split("ERROR in ") if "Traceback" in b]
    for block in blocks[:5]:
        print("== server error:\n" + "\n".join(block.splitlines()[-25:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=80, help="time budget of each run")
    parser.add_argument("--seed", type=int, help="run this seed only")
    args = parser.parse_args()
    seeds = [args.seed] if args.seed is not None else [FIXED_SEED, random.randrange(2**31)]
    failed = False
    with tempfile.TemporaryDirectory(prefix="hub_app_contract.") as tmp:
        folder = Path(tmp)
        env, token = prepare(folder)
        port = free_port()
        server = serve(env, port, folder / "server.log")
        try:
            for seed in seeds:
                counts = run(
                    f"http://127.0.0.1:{port}", token, seed, args.seconds, folder / f"{seed}.json"
                )
                print(f"== seed {seed}: failures per check")
                for check in REQUIRED + INFORMATIONAL:
                    note = "" if check in REQUIRED else " (counted, not required)"
                    print(f"   {check}: {counts.get(check, 0)}{note}")
                unknown = {k: v for k, v in counts.items() if k not in REQUIRED + INFORMATIONAL}
                if unknown:
                    print(f"   other: {dict(unknown)}")
                failed |= any(counts.get(check) for check in REQUIRED) or bool(unknown)
        finally:
            server.terminate()
            server.wait(timeout=10)
            print_server_errors(folder / "server.log")
    print("== contract: " + ("FAILED" if failed else "required checks passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
