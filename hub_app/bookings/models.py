"""A booking of one of Welltech's facilities, and the secret that opens a user's calendar feed."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub_app.core.datetimes import AwareDateTime, rfc3339_tokyo, tokyo_date
from hub_app.core.enums import FACILITIES, label
from hub_app.core.models import RecordMixin, utcnow
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.welltech.models import Evaluation, Project

if TYPE_CHECKING:
    from hub_app.auth.models import User

#: why a live booking no longer holds its slot, as the calendar says it
FREED_PROJECT_CANCELLED = "プロジェクト中止のため解放"
FREED_PROJECT_DELETED = "プロジェクト削除のため解放"
FREED_EVALUATION_DELETED = "製品評価削除のため解放"


class Booking(RecordMixin, db.Model):
    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_slot", "hub", "facility", "starts_at", "ends_at"),)

    hub: Mapped[str] = mapped_column(String(16), default="welltech")
    facility: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(AwareDateTime())
    title: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization | None] = relationship()
    project: Mapped[Project | None] = relationship()
    evaluation: Mapped[Evaluation | None] = relationship()
    staff: Mapped[User | None] = relationship("User", foreign_keys=[staff_id])

    audit_name = "booking"
    audited_fields = (
        "hub",
        "facility",
        "starts_at",
        "ends_at",
        "title",
        "organization_id",
        "project_id",
        "evaluation_id",
        "staff_id",
        "notes",
    )

    def snapshot(self) -> dict[str, Any]:
        """Times as the people reading the history typed them: Japan time with its offset."""
        values = super().snapshot()
        for name in ("starts_at", "ends_at"):
            values[name] = rfc3339_tokyo(values[name])
        return values

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        """A booking belongs to the fiscal year of the Japan date it starts on."""
        return [(self.hub, tokyo_date(self.starts_at))] if self.starts_at else []

    @property
    def facility_label(self) -> str:
        return label(FACILITIES, self.facility)

    @property
    def freed_reason(self) -> str | None:
        """Why the booking no longer blocks its slot, or None while it does (see
        queries.holding, which says the same in SQL)."""
        if self.project is not None:
            if self.project.deleted_at is not None:
                return FREED_PROJECT_DELETED
            if self.project.stage == "cancelled":
                return FREED_PROJECT_CANCELLED
        if self.evaluation is not None and self.evaluation.deleted_at is not None:
            return FREED_EVALUATION_DELETED
        return None


class CalendarFeed(db.Model):
    """A user's secret calendar URL. Only its SHA-256 is kept, as for API tokens: the URL
    is shown once when issued, and issuing a new one replaces (invalidates) the old."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship("User")
