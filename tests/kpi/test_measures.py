"""Every measure against hand-counted records: edges of the year, deletions, other hubs."""

from datetime import date

import pytest

from hub_app.kpi.measures import MEASURES
from tests.kpi import records as r

FY = 2022
BEFORE, FIRST = date(2022, 3, 31), date(2022, 4, 1)
LAST, AFTER = date(2023, 3, 31), date(2023, 4, 1)


def figure(name: str, year: int = FY) -> int:
    return MEASURES[name].figure(year)


def drilled(name: str, year: int = FY) -> int:
    units = MEASURES[name].units(year)
    assert len({u.id for u in units}) == len(units)
    return len(units)


def test_consultations_count_both_kinds_within_the_year_only(app):
    r.consultation(BEFORE)
    r.consultation(FIRST)
    r.consultation(LAST, kind="technical_advice")
    r.consultation(AFTER)
    r.consultation(date(2022, 8, 1), deleted=True)
    r.consultation(date(2022, 8, 1), hub="knic")
    assert figure("welltech_consultations") == 2
    assert MEASURES["welltech_consultations"].figures([2021, 2022, 2023]) == {
        2021: 1,
        2022: 2,
        2023: 1,
    }
    assert drilled("welltech_consultations") == 2


def test_invitations_count_every_outcome(app):
    for outcome in ("pending", "interested", "joined", "declined"):
        r.invitation(date(2022, 6, 1), outcome=outcome)
    r.invitation(date(2022, 6, 1), deleted=True)
    r.invitation(AFTER)
    assert figure("welltech_invitations") == 4
    assert drilled("welltech_invitations") == 4


def test_projects_count_every_stage_by_start_date(app):
    for stage in ("planning", "evaluating", "improving", "closed", "cancelled"):
        r.project(date(2022, 5, 1), stage=stage)
    r.project(LAST, launched_on=AFTER)
    r.project(BEFORE)
    r.project(FIRST, deleted=True)
    r.project(FIRST, hub="knic")
    assert figure("welltech_projects") == 6
    assert figure("welltech_projects", 2021) == 1
    assert drilled("welltech_projects") == 6


def test_commercialized_counts_launch_date_not_start_date(app):
    r.project(date(2020, 5, 1), launched_on=date(2022, 7, 1))
    r.project(date(2022, 5, 1), launched_on=AFTER)
    r.project(date(2022, 5, 1), stage="closed", launched_on=LAST)
    r.project(date(2022, 5, 1))  # never launched
    r.project(date(2022, 5, 1), launched_on=date(2022, 9, 1), deleted=True)
    r.project(date(2022, 5, 1), launched_on=date(2022, 9, 1), hub="knic")
    assert figure("welltech_commercialized") == 2
    assert figure("welltech_commercialized", 2023) == 1
    assert drilled("welltech_commercialized") == 2


def test_trained_talents_count_people_once_at_training_and_seminars(app):
    seminar = r.event(date(2022, 6, 1), "seminar")
    training = r.event(LAST, "training")
    matching_event = r.event(date(2022, 7, 1), "matching_event")
    last_year = r.event(BEFORE, "seminar")
    deleted_event = r.event(date(2022, 8, 1), "seminar", deleted=True)
    welltech_event = r.event(date(2022, 8, 1), "training", hub="welltech")
    regular = r.talent()
    r.attendance(seminar, regular)
    r.attendance(training, regular)  # same person twice: once
    r.attendance(last_year, regular)
    once = r.talent()
    r.attendance(seminar, once)
    r.attendance(matching_event, r.talent())  # not a training: no
    r.attendance(deleted_event, r.talent())  # event deleted: no
    r.attendance(welltech_event, r.talent())  # other hub: no
    r.attendance(training, r.talent(), deleted=True)  # attendance deleted: no
    r.attendance(training, r.talent(deleted=True))  # talent deleted: no
    r.attendance(seminar, organization_id=r.organization().id)  # an organisation: no
    assert figure("knic_trained_talents") == 2
    assert figure("knic_trained_talents", 2021) == 1
    assert MEASURES["knic_trained_talents"].figures([2021, 2022]) == {2021: 1, 2022: 2}
    units = MEASURES["knic_trained_talents"].units(FY)
    assert [(u.person.id, u.attendances, u.first_on) for u in units] == [
        (regular.id, 2, date(2022, 6, 1)),
        (once.id, 1, date(2022, 6, 1)),
    ]


def test_matchings_count_agreed_and_ended_by_agreement_date(app):
    r.matching(FIRST, "agreed")
    r.matching(date(2022, 10, 1), "ended")
    for stage in ("proposed", "introduced", "interviewing"):
        r.matching(None, stage)
    r.matching(date(2022, 10, 1), "declined")  # agreed once, then not: no
    r.matching(AFTER, "agreed")
    r.matching(BEFORE, "agreed")
    r.matching(date(2022, 10, 1), "agreed", deleted=True)
    r.matching(date(2022, 10, 1), "agreed", hub="welltech")
    assert figure("knic_matchings") == 2
    assert drilled("knic_matchings") == 2


def test_partnerships_by_conclusion_date(app):
    r.partnership(FIRST)
    r.partnership(LAST, kind="agreement")
    r.partnership(AFTER)
    r.partnership(date(2022, 5, 5), deleted=True)
    r.partnership(date(2022, 5, 5), hub="welltech")
    assert figure("knic_partnerships") == 2
    assert drilled("knic_partnerships") == 2


def test_non_contiguous_years_and_empty_years(app):
    r.partnership(date(2020, 5, 1))
    r.partnership(date(2021, 5, 1))
    r.partnership(date(2022, 5, 1))
    assert MEASURES["knic_partnerships"].figures([2022, 2020]) == {2020: 1, 2022: 1}
    assert MEASURES["knic_partnerships"].figures([2015]) == {2015: 0}


def test_rule_sentences_name_the_date_that_decides_the_year():
    assert MEASURES["knic_matchings"].rule.startswith(
        "K-NICのマッチングのうち状態が成立または終了のもの。成立日で年度を判定"
    )
    assert "1人" in MEASURES["knic_trained_talents"].rule


@pytest.mark.parametrize("name", sorted(MEASURES))
def test_drill_down_total_equals_figure(app, name):
    """A mixed year: the list behind each figure has exactly as many rows."""
    talents = [r.talent() for _ in range(3)]
    for month in (4, 9, 3):
        year = 2022 if month >= 4 else 2023
        day = date(year, month, 15)
        r.consultation(day)
        r.invitation(day)
        r.project(day, launched_on=day)
        r.partnership(day)
        r.matching(day, talent_id=talents[month % 3].id)
        event = r.event(day, "seminar")
        for person in talents[: 1 + month % 3]:
            r.attendance(event, person)
    measure = MEASURES[name]
    figure_ = measure.figure(FY)
    assert figure_ > 0
    assert len(measure.units(FY)) == figure_
    from hub_app.extensions import db

    assert db.session.scalar(measure.count_query(FY)) == figure_


def test_a_person_counts_once_in_each_year_they_trained_and_until_cuts_the_year(app):
    seminars = [r.event(day, "seminar") for day in (date(2020, 5, 1), date(2021, 5, 1))]
    later = r.event(date(2021, 9, 1), "training")
    regular, newcomer = r.talent(), r.talent()
    for event in (*seminars, later):
        r.attendance(event, regular)
    r.attendance(later, newcomer)
    measure = MEASURES["knic_trained_talents"]
    assert measure.figures(range(2019, 2024)) == {2019: 0, 2020: 1, 2021: 2, 2022: 0, 2023: 0}
    assert measure.figures([2020, 2021], until=date(2021, 6, 30)) == {2020: 1, 2021: 1}
    assert measure.figures([2021], until=date(2021, 3, 31)) == {2021: 0}
