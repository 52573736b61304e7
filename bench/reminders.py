"""Times `send-reminders` for a large office: composing and sending every message.

    python bench/reminders.py [PEOPLE] [RECORDS]

Builds a scratch SQLite file with PEOPLE members of staff (default 200) and RECORDS
follow-ups (default 30,000: a third each of consultations, projects and matchings) due from
a month ago to a month ahead, then prints the time and the number of SQL statements of
finding and composing the messages, and the time of delivering them over one SMTP
connection to an aiosmtpd server on 127.0.0.1 (needs the test extras).
"""

from __future__ import annotations

import random
import socket
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

# the repository instead of bench/ first on the path: bench/http.py would hide the
# standard library's http, which aiosmtpd imports
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sqlalchemy import event  # noqa: E402

from hub_app import create_app  # noqa: E402
from hub_app.auth.models import Membership, User  # noqa: E402
from hub_app.cli import init_database  # noqa: E402
from hub_app.core import clock  # noqa: E402
from hub_app.extensions import db  # noqa: E402
from hub_app.followups import reminders  # noqa: E402
from hub_app.knic.models import Matching, Talent  # noqa: E402
from hub_app.organizations.models import Organization  # noqa: E402
from hub_app.welltech.models import Consultation, Project  # noqa: E402


def build(people: int, records: int) -> None:
    rng = random.Random(2022)  # noqa: S311  synthetic benchmark rows, not secrets
    today = clock.today()
    users = [
        User(
            email=f"staff{n}@example.jp",
            name=f"職員{n}",
            role="staff",
            password_hash="-",  # noqa: S106  nobody signs in to the scratch database
            memberships=[Membership(hub="welltech"), Membership(hub="knic")],
        )
        for n in range(people)
    ]
    organizations = [
        Organization(name=f"企業{n}", name_key=f"企業{n}", kind="startup") for n in range(50)
    ]
    talents = [Talent(full_name=f"人材{n}", consent_on=today, skills=[]) for n in range(500)]
    db.session.add_all(users + organizations + talents)
    db.session.flush()

    def due():
        return today + timedelta(days=rng.randint(-30, 30))

    third = records // 3
    for n in range(third):
        db.session.add(
            Consultation(
                hub="welltech",
                organization_id=rng.choice(organizations).id,
                opened_on=today - timedelta(days=60),
                kind="consultation",
                channel="phone",
                topic="funding",
                title=f"相談{n}",
                status="open",
                staff_id=rng.choice(users).id,
                next_action_on=due(),
                next_action="折り返しの電話",
            )
        )
        db.session.add(
            Project(
                hub="welltech",
                title=f"プロジェクト{n}",
                kind="improvement",
                lead_organization_id=rng.choice(organizations).id,
                product_category="other",
                stage="evaluating",
                started_on=today - timedelta(days=90),
                created_by=rng.choice(users).id,
                next_action_on=due(),
            )
        )
        db.session.add(
            Matching(
                hub="knic",
                talent_id=talents[n % len(talents)].id,
                organization_id=organizations[n // len(talents) % len(organizations)].id,
                stage="interviewing",
                proposed_on=today - timedelta(days=30),
                coordinator_id=rng.choice(users).id,
                next_action_on=due(),
            )
        )
    db.session.commit()


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    records = int(sys.argv[2]) if len(sys.argv) > 2 else 30_000
    folder = tempfile.mkdtemp()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "SECRET_KEY": "bench",
            "BASE_URL": "https://hub.example.jp",
        }
    )
    with app.app_context():
        init_database()  # the schema and the seeded hubs the memberships name
        started = time.perf_counter()
        build(people, records)
        print(f"built {people} people, {records} follow-ups: {time.perf_counter() - started:.1f} s")
        db.session.remove()  # a fresh session, as the command starts with
        statements = [0]

        def count(*_args):
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        from hub_app.followups.views import _link

        with app.test_request_context(base_url=app.config["BASE_URL"]):
            started = time.perf_counter()
            built, _skipped = reminders.messages(clock.today(), _link)
            composed = time.perf_counter() - started
        event.remove(db.engine, "before_cursor_execute", count)
        items = sum(body.get_content().count("\n・") for body in built)
        print(
            f"found and composed {len(built)} messages ({items} items due): "
            f"{composed:.2f} s, {statements[0]} SQL statements"
        )
        from aiosmtpd.controller import Controller

        class Sink:
            received = 0

            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                Sink.received += 1
                return "250 OK"

        with socket.socket() as probe:  # a free port for the server
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(Sink(), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            config = {**app.config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port)}
            started = time.perf_counter()
            reminders.send(built, config)
            sent = time.perf_counter() - started
        finally:
            controller.stop()
        print(f"sent {Sink.received} messages over one SMTP connection: {sent:.2f} s")


if __name__ == "__main__":
    main()
