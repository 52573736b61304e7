"""A measure may add up a column instead of counting rows (DESIGN §10)."""

from __future__ import annotations

from datetime import date

from hub_app.events.models import Event
from hub_app.extensions import db
from hub_app.kpi.measures import Measure
from hub_app.kpi.report import build_report
from tests.kpi import records as r

SEMINAR_PEOPLE = Measure(
    name="test_seminar_people",
    type="event",
    hub="knic",
    source=Event,
    date=Event.held_on,
    hub_column=Event.hub,
    counted=Event.id,
    summed=Event.headcount,
    filters=(Event.kind == "seminar",),
    counts="K-NICのセミナーの参加者数(人数で記録した参加者の合計)",
    date_label="開催日",
)


def _seminar(held_on: date, headcount: int, **values) -> Event:
    event = r.event(held_on, "seminar", **values)
    event.headcount = headcount
    db.session.flush()
    return event


def test_a_sum_measure_adds_up_the_column_per_fiscal_year(app):
    _seminar(date(2022, 4, 1), 12)
    _seminar(date(2023, 3, 31), 30)
    _seminar(date(2023, 4, 1), 7)  # FY2023
    _seminar(date(2022, 6, 1), 100, deleted=True)
    _seminar(date(2022, 6, 1), 50, hub="welltech")
    r.event(date(2022, 6, 1), "training")  # not a seminar
    db.session.commit()
    assert SEMINAR_PEOPLE.figures([2021, 2022, 2023]) == {2021: 0, 2022: 42, 2023: 7}
    assert SEMINAR_PEOPLE.figure(2022) == 42
    # the drill-down lists the rows whose values were added up
    assert sorted(e.headcount for e in SEMINAR_PEOPLE.units(2022)) == [12, 30]


def test_the_seven_hub_figures_do_not_move(fy2022):
    report = build_report([2022])
    assert {line.code: line.actual(2022) for line in report.lines} == fy2022
