"""The attendances export names what its ids name, talents only for those who may see them."""

from sqlalchemy import select

from hub_app.api.events import attendance_list_query
from hub_app.events.models import Attendance
from hub_app.events.queries import ATTENDANCE_EAGER, attendance_columns
from hub_app.extensions import db
from hub_app.imports import import_file
from tests.factories import make_organization
from tests.knic.helpers import attend, count_queries


def exported(actor) -> list[dict]:
    columns = attendance_columns(actor)
    query = attendance_list_query({}, actor).options(*ATTENDANCE_EAGER)
    rows = db.session.scalars(query.order_by(Attendance.id))
    return [{c.label: c.value(a) for c in columns} for a in rows]


def test_names_beside_ids_and_talents_only_for_who_may_see_them(make_user, make_event, make_talent):
    event = make_event("seminar", title="副業人材セミナー")
    attend(event, make_talent("架空 太郎"))
    attend(event, organization=make_organization(name="株式会社架空ケア"))
    rows = exported(make_user("staff", ["knic"]))
    assert [(r["イベント"], r["人材氏名"], r["企業・団体"]) for r in rows] == [
        ("副業人材セミナー", "架空 太郎", None),
        ("副業人材セミナー", None, "株式会社架空ケア"),
    ]
    # a Welltech manager reads the events but not who the talents are
    manager = make_user("manager", ["welltech"])
    assert "人材氏名" not in [c.label for c in attendance_columns(manager)]
    assert [r["企業・団体"] for r in exported(manager)] == ["株式会社架空ケア"]


def test_export_runs_a_fixed_number_of_queries(make_user, make_event, make_talent):
    admin = make_user("admin", [])

    def measure() -> int:
        with count_queries() as counter:
            exported(admin)
        return counter[0]

    def seed(n: int) -> None:
        for _ in range(n):
            event = make_event("seminar")
            attend(event, make_talent())
            attend(event, organization=make_organization())

    seed(5)
    five = measure()
    seed(45)
    assert measure() == five


def test_import_follows_the_title_when_the_id_names_another_event(
    make_user, make_event, make_talent, tmp_path
):
    """An export read into another database: the event's id differs, its title settles it."""
    wanted = make_event("seminar", title="副業人材セミナー")
    other = make_event("seminar", title="別の催し")
    talent = make_talent("架空 花子")
    path = tmp_path / "attendances.csv"
    header = "イベントID,イベント,人材ID,人材氏名"
    row = f"{other.id},副業人材セミナー,{talent.id},架空 花子"
    path.write_text(f"{header}\r\n{row}\r\n", encoding="utf-8-sig")
    assert import_file("attendances", path, make_user("admin", [])).stored
    stored = db.session.scalars(select(Attendance)).one()
    assert stored.event_id == wanted.id
