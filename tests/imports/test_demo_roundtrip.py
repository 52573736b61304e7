"""Export every kind from the demo data, import them into an empty database in dependency
order: the same records and the same FY2022 KPI table (DESIGN §4), read through the API."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from sqlalchemy import select

from hub_app import create_app
from hub_app.auth.models import Membership, User
from hub_app.core.export import Column, cell
from hub_app.demo import load_demo_data
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.imports.importer import collection_for
from tests import conftest
from tests.factories import ApiClient

#: a kind after the kinds its rows name
ORDER = (
    "kpi_targets",
    "budgets",
    "organizations",
    "projects",
    "invitations",
    "evaluations",
    "events",
    "talents",
    "attendances",
    "matchings",
    "consultations",  # K-NIC's name their matchings
    "partnerships",
)


def columns(kind: str) -> list[Column]:
    """The export's columns as they are: activities, thresholds and the names beside
    attendances' ids included."""
    return collection_for(kind).columns


def rows(kind: str, actor: User) -> list[tuple]:
    collection = collection_for(kind)
    query = collection.list_query({}, actor).order_by(*collection.order_by or [])
    if collection.eager:
        query = query.options(*collection.eager)
    return list(db.session.scalars(query))


def export(kind: str, actor: User, folder: Path) -> Path:
    path = folder / f"{kind}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([c.label for c in columns(kind)])
        for record in rows(kind, actor):
            writer.writerow([cell(c.value(record)) for c in columns(kind)])
    return path


def contents(kind: str, actor: User) -> list[tuple]:
    """The records as their export shows them, without ids (another database, other ids)."""
    shown = [c for c in columns(kind) if c.code != "id" and not c.code.endswith(("_id", "_ids"))]
    if kind == "attendances":  # an event by its title and day: titles repeat
        shown.append(Column("held_on", "", lambda a: a.event.held_on))
    return sorted((tuple(_plain(c.value(r)) for c in shown) for r in rows(kind, actor)), key=str)


def _plain(value: object) -> str:
    """Lists compare as sets: partners come in no particular order."""
    return str(sorted(value) if isinstance(value, list) else value)


def people() -> list[tuple]:
    return [
        (u.email, u.name, u.role, sorted(m.hub for m in u.memberships))
        for u in db.session.scalars(select(User).order_by(User.id))
    ]


def kpi_table(client, manager: User) -> list[dict]:
    response = ApiClient.for_user(client)(manager).get("/api/v1/kpis?fiscal_year=2022")
    assert response.status_code == 200
    return response.json["items"]


def test_demo_data_exported_and_imported_into_an_empty_database(
    app, client, make_user, template_db, tmp_path
):
    make_user("admin", [], email="admin@example.jp")
    make_user("manager", [], email="manager@example.jp")
    load_demo_data()
    admin = db.session.scalar(select(User).where(User.email == "admin@example.jp"))
    manager = db.session.scalar(select(User).where(User.email == "manager@example.jp"))
    before = {kind: contents(kind, admin) for kind in ORDER}
    table = kpi_table(client, manager)
    assert [(i["code"], i["plan"], i["actual"]) for i in table][:2] == [
        ("welltech.projects", 4, 6),
        ("welltech.invitations", 60, 86),
    ]
    files = {kind: export(kind, admin, tmp_path) for kind in ORDER}
    users = people()

    # an empty database: a fresh SQLite file, or PostgreSQL emptied as between tests
    if conftest.PG_URL:
        conftest._reset_postgres()
        fresh = app
    else:
        shutil.copy(template_db, tmp_path / "empty.sqlite3")
        fresh = create_app(conftest._config(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path))
    with fresh.app_context():
        for email, name, role, hubs in users:
            db.session.add(
                User(
                    email=email,
                    name=name,
                    role=role,
                    password_hash="-",
                    memberships=[Membership(hub=h) for h in hubs],
                )
            )
        db.session.commit()
        admin = db.session.scalar(select(User).where(User.email == "admin@example.jp"))
        manager = db.session.scalar(select(User).where(User.email == "manager@example.jp"))
        for kind in ORDER:
            report = import_file(kind, files[kind], admin)
            assert report.stored, (kind, report.errors[:3])
        for kind in ORDER:
            assert contents(kind, admin) == before[kind], kind
        fresh.test_client_class = conftest.IsolatedClient
        assert kpi_table(fresh.test_client(), manager) == table
        if fresh is not app:
            db.session.remove()
            db.engine.dispose()
