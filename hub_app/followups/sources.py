"""Which records carry follow-ups, whose they are, and when a follow-up is due.

The responsible person of each kind: a consultation's 担当職員 (`staff_id`), a matching's
担当コーディネーター (`coordinator_id`) and, since a project names no member of staff, the
person who registered it (`created_by`). A follow-up stops counting once its record is
deleted or done: a consultation closed, a project closed or cancelled, a matching
declined or ended.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import joinedload

from hub_app.core import clock
from hub_app.core.enums import MATCHING_CLOSED_STAGES
from hub_app.core.permissions import can_read_hub, can_see_talents
from hub_app.extensions import db
from hub_app.knic.models import Matching
from hub_app.welltech.models import Consultation, Project

#: "this week" on the dashboard: the six days after today
WEEK = timedelta(days=6)


@dataclass(frozen=True)
class Source:
    label: str
    model: type
    #: the attribute naming the responsible person
    owner: str
    #: (attribute, values) of a record whose follow-up no longer counts
    done: tuple[str, tuple[str, ...]]
    endpoint: str
    id_arg: str
    title: Callable[[Any], str]
    readable: Callable[[Any], bool]
    eager: tuple[Any, ...] = ()
    #: the records of this source among the model's (a hub's consultations)
    only: tuple[ColumnElement[bool], ...] = ()

    def is_done(self, record: Any) -> bool:
        column, values = self.done
        return record.deleted_at is not None or getattr(record, column) in values

    def live(self) -> ColumnElement[bool]:
        column, values = self.done
        return and_(
            self.model.deleted_at.is_(None),
            getattr(self.model, column).not_in(values),
            self.model.next_action_on.is_not(None),
        )


def _matching_title(matching: Matching) -> str:
    return f"{matching.talent.full_name} × {matching.organization.name}"


SOURCES = (
    Source(
        "相談",
        Consultation,
        "staff_id",
        ("status", ("closed",)),
        "welltech.consultations.show",
        "consultation_id",
        lambda c: f"{c.title}({c.organization.name})",
        lambda user: can_read_hub(user, "welltech"),
        (joinedload(Consultation.organization),),
        (Consultation.hub == "welltech",),
    ),
    Source(
        "起業・創業相談",
        Consultation,
        "staff_id",
        ("status", ("closed",)),
        "knic.consultations.show",
        "consultation_id",
        lambda c: f"{c.title}({c.organization.name})",
        lambda user: can_read_hub(user, "knic"),
        (joinedload(Consultation.organization),),
        (Consultation.hub == "knic",),
    ),
    Source(
        "プロジェクト",
        Project,
        "created_by",
        ("stage", ("closed", "cancelled")),
        "welltech.projects.show",
        "project_id",
        lambda p: p.title,
        lambda user: can_read_hub(user, "welltech"),
    ),
    Source(
        "マッチング",
        Matching,
        "coordinator_id",
        ("stage", MATCHING_CLOSED_STAGES),
        "knic.matching",
        "matching_id",
        _matching_title,
        lambda user: can_read_hub(user, "knic") and can_see_talents(user),
        (joinedload(Matching.talent), joinedload(Matching.organization)),
    ),
)
#: the rules of a model's records (deleted, done), the same for all its sources
_BY_MODEL = {source.model: source for source in reversed(SOURCES)}


@dataclass(frozen=True)
class FollowUp:
    """One due follow-up as the dashboard and the e-mail show it."""

    source: Source
    record: Any

    @property
    def day(self) -> date:
        return self.record.next_action_on

    @property
    def title(self) -> str:
        return self.source.title(self.record)

    @property
    def url_args(self) -> dict[str, Any]:
        return {self.source.id_arg: self.record.id}


def state(record: Any, today: date | None = None) -> str | None:
    """overdue / today / week / later for a live follow-up; None without one or once done."""
    source = _BY_MODEL.get(type(record))
    day = getattr(record, "next_action_on", None)
    if source is None or day is None or source.is_done(record):
        return None
    today = today or clock.today()
    if day < today:
        return "overdue"
    if day == today:
        return "today"
    return "week" if day <= today + WEEK else "later"


def overdue_filter(model: type, args: Mapping[str, str]) -> ColumnElement[bool] | None:
    """The 期限切れ filter of a list: live records whose follow-up day has passed."""
    if args.get("overdue") not in ("1", "true"):
        return None
    return and_(_BY_MODEL[model].live(), model.next_action_on < clock.today())


def due(until: date, owners: list[int] | None = None) -> dict[int, list[FollowUp]]:
    """Live follow-ups due on or before `until`, by responsible person, earliest first:
    one query per kind of record whatever the number of people."""
    found: dict[int, list[FollowUp]] = {}
    for source in SOURCES:
        owner = getattr(source.model, source.owner)
        query = (
            select(source.model)
            .options(*source.eager)
            .where(source.live(), source.model.next_action_on <= until, owner.is_not(None))
            .where(*source.only)
            .order_by(source.model.next_action_on, source.model.id)
        )
        if owners is not None:
            query = query.where(owner.in_(owners))
        for record in db.session.scalars(query):
            found.setdefault(getattr(record, source.owner), []).append(FollowUp(source, record))
    for items in found.values():
        items.sort(key=lambda item: item.day)
    return found


def readable(user: Any, items: list[FollowUp]) -> list[FollowUp]:
    """Only the follow-ups of hubs (and personal data) the person may still read."""
    allowed = {source: source.readable(user) for source in SOURCES}
    return [item for item in items if allowed[item.source]]


def mine(user: Any, today: date | None = None) -> dict[str, list[FollowUp]]:
    """The signed-in person's follow-ups: overdue, today, and the six days after."""
    today = today or clock.today()
    items = readable(user, due(today + WEEK, [user.id]).get(user.id, []))
    groups: dict[str, list[FollowUp]] = {"overdue": [], "today": [], "week": []}
    for item in items:
        key = "overdue" if item.day < today else "today" if item.day == today else "week"
        groups[key].append(item)
    return groups
