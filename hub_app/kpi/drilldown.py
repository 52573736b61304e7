"""The records behind a figure, paged, exported and serialised for whoever may read them.

Who sees what (DESIGN §6): every signed-in user reads the figures; the records behind a
hub's figure only users who may read that hub's records (admins, managers, that hub's
staff). A talent's name is personal data: shown only to users allowed to see talents,
otherwise the row keeps its id and "非表示", so the total still equals the figure.
Each row names the page of its record (and a talent's page only for those who may see
talents), on the page, in the exports and in the API.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_sqlalchemy.pagination import Pagination

from hub_app.core.export import Column
from hub_app.core.permissions import can_read_hub, can_see_talents
from hub_app.extensions import db
from hub_app.kpi.measures import Field, Link, Measure

HIDDEN = "非表示"


def can_drill(user: Any, measure: Measure) -> bool:
    return can_read_hub(user, measure.hub)


def visible_fields(measure: Measure, user: Any) -> list[tuple[Field, bool]]:
    """Each field with whether its value may be shown to `user`."""
    private_ok = can_see_talents(user)
    return [(f, private_ok or not f.private) for f in measure.fields]


def url(link: Link | None, row: Any, user: Any, external: bool = False) -> str | None:
    """The page `link` names for `row`, or None when there is none or `user` may not open it."""
    if link is None or (link.private and not can_see_talents(user)):
        return None
    record_id = link.id(row)
    if record_id is None:
        return None
    return url_for(link.endpoint, _external=external, **{link.argument: record_id})


def record_url(measure: Measure, row: Any, user: Any, external: bool = False) -> str | None:
    return url(measure.link, row, user, external)


class UnitPagination(Pagination):
    """A page of a measure's units; the count is the figure's own query."""

    def _query_items(self) -> list[Any]:
        measure, year = self._query_args["measure"], self._query_args["year"]
        return measure.units(year, self._query_offset, self.per_page)

    def _query_count(self) -> int:
        measure, year = self._query_args["measure"], self._query_args["year"]
        return int(db.session.scalar(measure.count_query(year)) or 0)


def paginate(measure: Measure, year: int, page: int, per_page: int) -> UnitPagination:
    return UnitPagination(
        page=page, per_page=per_page, max_per_page=100, error_out=False, measure=measure, year=year
    )


def columns(measure: Measure, user: Any) -> list[Column]:
    """The export's columns: the id, the fields, and the full address of each record's page."""
    result = [Column("id", "ID", lambda u: u.id)]
    for f, shown in visible_fields(measure, user):
        result.append(Column(f.code, f.label, f.shown if shown else (lambda _u: HIDDEN)))
    if measure.link is not None:
        result.append(
            Column("url", "記録のURL", lambda u: record_url(measure, u, user, external=True))
        )
    return result


def api_item(measure: Measure, unit: Any, user: Any) -> dict[str, Any]:
    """One counted unit with the path of its page (`url`, null when the user may not open it)."""
    item: dict[str, Any] = {"type": measure.type, "id": unit.id}
    for f, shown in visible_fields(measure, user):
        item[f.code] = f.value(unit) if shown else None
    item["url"] = record_url(measure, unit, user)
    return item
