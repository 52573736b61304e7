"""Measures (DESIGN §5): declarative objects that count, list and explain.

One `Measure` names its table, the joins whose rows must be live, the hub, the date that
decides the fiscal year, the extra filter and what is counted (a row, or distinct people)
or summed (a column of the rows, such as an event's participants).
From that single declaration come the figures (one grouped query for any set of fiscal
years), the drill-down query of the units counted (so its total is the figure by
construction) and the Japanese sentence a manager reads to explain the number.
No Flask here: the report, the API, the pages and the benchmark all call these.
The seven measures themselves are declared in kpi.definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from hub_app.core.fiscal import fiscal_year_end, fiscal_year_start, japanese_date
from hub_app.extensions import db


@dataclass(frozen=True)
class Link:
    """The page of a record named by a drill-down row, as an endpoint name and its argument.

    Only names here (no Flask): kpi.drilldown turns them into URLs for whoever may open them.
    """

    endpoint: str
    argument: str
    #: the id of the linked record in a drill-down row (default: the row's own id)
    id: Callable[[Any], int | None] = lambda row: row.id
    #: the page shows a talent: linked only for users allowed to see talents (DESIGN §6)
    private: bool = False


@dataclass(frozen=True)
class Field:
    """One column of a drill-down list: raw value for the API, display text for people."""

    code: str
    label: str
    value: Callable[[Any], Any]
    display: Callable[[Any], Any] | None = None
    #: personal data of a talent: shown only to users allowed to see talents (DESIGN §6)
    private: bool = False
    #: the page the shown value names, if any (a matching's talent, a person's first event)
    link: Link | None = None
    #: an ISO date: exports keep it, pages show it in the era style (令和4年6月1日)
    is_date: bool = False

    def shown(self, row: Any) -> Any:
        return (self.display or self.value)(row)

    def on_page(self, row: Any) -> Any:
        value = self.shown(row)
        if self.is_date and value:
            return japanese_date(date.fromisoformat(value))
        return value


@dataclass(frozen=True)
class PersonUnit:
    """A drill-down row of a distinct count: the person, and how the rule found them."""

    person: Any
    attendances: int
    first_on: date
    #: the record that first counted the person that year (the first event attended)
    first: Any = None

    @property
    def id(self) -> int:
        return self.person.id


#: built figure statements by (measure, years, until): a statement is immutable, and reusing
#: it spares building it and computing its cache key on every report (a third of the
#: report's own time on a small database)
_STATEMENTS: dict[tuple[Any, ...], Select[Any] | CompoundSelect] = {}


@dataclass(frozen=True)
class Measure:
    name: str
    #: the record type of the drill-down rows, as the API names it
    type: str
    hub: str
    #: the table rows come from, and further tables joined as (model, on-clause)
    source: type
    date: InstrumentedAttribute
    hub_column: InstrumentedAttribute
    #: what is counted: the source's id, or (distinct=True) a person's id
    counted: InstrumentedAttribute
    #: what the rule counts, in Japanese, and the name of its date: together the rule sentence
    counts: str
    date_label: str
    joins: tuple[tuple[type, Any], ...] = ()
    filters: tuple[ColumnElement[bool], ...] = ()
    distinct: bool = False
    #: for a distinct count, the model of the people counted (one drill-down row each)
    unit_model: type | None = None
    fields: tuple[Field, ...] = ()
    #: relationships loaded with the drill-down rows (a fixed number of queries)
    eager: tuple[Any, ...] = field(default_factory=tuple)
    #: the page of each drill-down row's record (or person)
    link: Link | None = None
    #: for a distinct count, the model of the records that count a person (the events):
    #: each drill-down row names the first of them in the year
    occasion: type | None = None
    #: a column whose values are added up instead of counting rows (NULL adds nothing)
    summed: InstrumentedAttribute | None = None

    @property
    def rule(self) -> str:
        """The sentence shown under every figure, e.g. "…のもの。成立日で年度を判定"."""
        return f"{self.counts}。{self.date_label}で年度を判定(削除した記録は数えない)"

    @property
    def models(self) -> tuple[type, ...]:
        return (self.source, *(model for model, _on in self.joins))

    def _from(self, statement: Select[Any], live: bool = True) -> Select[Any]:
        statement = statement.select_from(self.source)
        for model, on in self.joins:
            statement = statement.join(model, on)
        conditions = [self.hub_column == self.hub, *self.filters]
        if live:
            conditions += [model.deleted_at.is_(None) for model in self.models]
        return statement.where(*conditions)

    def _within(self, years: Iterable[int], until: date | None = None) -> list[ColumnElement]:
        years = sorted(years)
        last = fiscal_year_end(years[-1])
        if until is not None:
            last = min(last, until)
        return [self.date >= fiscal_year_start(years[0]), self.date <= last]

    def _figure_of(self, year: int, until: date | None = None) -> Select[Any]:
        """(year, figure) of one fiscal year: a count over that year's date range.

        A distinct count groups the year's units and counts the groups: SQLite sorts them
        (a sorter) about three times faster than it fills the b-tree of COUNT(DISTINCT).
        """
        fiscal = literal_column(str(int(year)))
        within = self._within([year], until)
        if self.distinct:
            units = (
                self._from(select(self.counted.label("unit")))
                .where(*within)
                .group_by(self.counted)
                .subquery()
            )
            return select(fiscal.label("fiscal_year"), func.count().label("figure")).select_from(
                units
            )
        figure = (
            func.coalesce(func.sum(self.summed), 0) if self.summed is not None else func.count()
        )
        return self._from(select(fiscal.label("fiscal_year"), figure.label("figure"))).where(
            *within
        )

    def figures_query(
        self, years: Iterable[int], until: date | None = None
    ) -> Select[Any] | CompoundSelect:
        """(fiscal_year, figure) rows of the requested years, in one statement.

        One UNION ALL branch per year, each counting within that year's date range on the
        live (hub, date) index: no per-row fiscal-year expression and no grouping by year,
        and a distinct count only ever de-duplicates one year's people. Still one query
        per measure whatever the number of years.
        """
        branches = [self._figure_of(year, until) for year in sorted(set(years))]
        if len(branches) == 1:
            return branches[0]
        return union_all(*branches)

    def figures(self, years: Iterable[int], until: date | None = None) -> dict[int, int]:
        """The figure of each fiscal year (0 where nothing counts), in one query."""
        years = sorted(set(years))
        if not years:
            return {}
        key = (self.name, tuple(years), until)
        statement = _STATEMENTS.get(key)
        if statement is None:
            if len(_STATEMENTS) > 512:
                _STATEMENTS.clear()
            statement = _STATEMENTS[key] = self.figures_query(years, until)
        found = {row[0]: row[1] for row in db.session.execute(statement)}
        return {year: int(found.get(year, 0)) for year in years}

    def figure(self, year: int) -> int:
        return self.figures([year])[year]

    def units_query(self, year: int) -> Select[Any]:
        """The units behind the figure of `year`: records, or one row per person."""
        if self.distinct and self.unit_model is not None:
            person = self.unit_model
            statement = select(person, func.count(), func.min(self.date).label("first_on"))
            return (
                self._from(statement)
                .where(*self._within([year]))
                .group_by(person.id)
                .order_by(func.min(self.date), person.id)
            )
        statement = self._from(select(self.source)).where(*self._within([year]))
        if self.eager:
            statement = statement.options(*(joinedload(rel) for rel in self.eager))
        return statement.order_by(self.date, self.source.id)

    def count_query(self, year: int) -> Select[Any]:
        return select(func.count()).select_from(self.units_query(year).order_by(None).subquery())

    def wrap(self, result: Any) -> Any:
        """Rows of `units_query` as the objects the fields read."""
        if self.distinct:
            return PersonUnit(result[0], int(result[1]), result[2])
        return result[0]

    def units(self, year: int, offset: int = 0, limit: int | None = None) -> list[Any]:
        statement = self.units_query(year).offset(offset)
        if limit is not None:
            statement = statement.limit(limit)
        units = [self.wrap(row) for row in db.session.execute(statement).unique().all()]
        if self.distinct and self.occasion is not None and units:
            first = self._first_occasions(year, [u.id for u in units])
            units = [replace(u, first=first.get(u.id)) for u in units]
        return units

    def _first_occasions(self, year: int, ids: list[int]) -> dict[int, Any]:
        """Each person's first counted record of the year, in one more query per page."""
        occasion = self.occasion
        statement = (
            self._from(select(self.counted, occasion))
            .where(*self._within([year]), self.counted.in_(ids))
            .order_by(self.counted, self.date, occasion.id)
        )
        first: dict[int, Any] = {}
        for unit_id, record in db.session.execute(statement):
            first.setdefault(unit_id, record)
        return first

    def record_ids_query(self, year: int) -> list[tuple[str, Select[Any]]]:
        """(audit entity, ids) of every record of `year` that feeds the figure, deleted or not.

        A closed year compares its snapshot with live figures; these name the records
        whose audit rows explain the difference.
        """
        scopes = []
        for model in self.models:
            ids = self._from(select(model.id), live=False).where(*self._within([year]))
            scopes.append((model.audit_name, ids))
        return scopes


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    MEASURES[measure.name] = measure
    return measure


def get(name: str) -> Measure:
    return MEASURES[name]


from hub_app.kpi import definitions  # noqa: E402,F401  (registers the seven measures)
