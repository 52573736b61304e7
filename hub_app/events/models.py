"""Events of both hubs (study sessions, training, seminars…) and who attended (DESIGN §3)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub_app.core.models import RecordMixin
from hub_app.extensions import db

if TYPE_CHECKING:
    from hub_app.knic.models import Talent
    from hub_app.organizations.models import Organization

ACTIVE = text("deleted_at IS NULL")


class Event(RecordMixin, db.Model):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_hub_kind_held_on", "hub", "kind", "held_on"),)

    hub: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    venue: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    headcount: Mapped[int] = mapped_column(default=0)
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="event",
        primaryjoin="and_(Event.id == Attendance.event_id, Attendance.deleted_at.is_(None))",
        viewonly=True,
    )

    audit_name = "event"
    fiscal_date_field = "held_on"
    audited_fields = ("hub", "title", "kind", "held_on", "venue", "summary", "headcount", "ref")


class Attendance(RecordMixin, db.Model):
    __tablename__ = "attendances"
    __table_args__ = (
        CheckConstraint("(talent_id IS NULL) <> (organization_id IS NULL)", name="one_attendee"),
        Index(
            "uq_attendances_event_talent_active",
            "event_id",
            "talent_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND talent_id IS NOT NULL"),
            postgresql_where=text("deleted_at IS NULL AND talent_id IS NOT NULL"),
        ),
        Index(
            "uq_attendances_event_organization_active",
            "event_id",
            "organization_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND organization_id IS NOT NULL"),
            postgresql_where=text("deleted_at IS NULL AND organization_id IS NOT NULL"),
        ),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    talent_id: Mapped[int | None] = mapped_column(ForeignKey("talents.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)

    event: Mapped[Event] = relationship(back_populates="attendances")
    #: read-only: the attendee's name beside its id in the export
    talent: Mapped[Talent | None] = relationship("Talent", viewonly=True)
    organization: Mapped[Organization | None] = relationship("Organization", viewonly=True)

    audit_name = "attendance"
    audited_fields = ("event_id", "talent_id", "organization_id")

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        """An attendance counts in the fiscal year its event was held, for the event's hub."""
        event = self.event
        if self.event_id is not None and (event is None or event.id != self.event_id):
            event = db.session.get(Event, self.event_id)
        return [(event.hub, event.held_on)] if event is not None and event.held_on else []
