"""KPI definitions, plans, budgets and closed fiscal years (DESIGN §4–§6)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub_app.core.fiscal import fiscal_year_start
from hub_app.core.models import RecordMixin
from hub_app.extensions import db

ACTIVE = text("deleted_at IS NULL")


class Kpi(db.Model):
    __tablename__ = "kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    hub: Mapped[str] = mapped_column(ForeignKey("hubs.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16))
    #: the name of a measure in kpi.measures
    measure: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)


class KpiTarget(RecordMixin, db.Model):
    """The plan (計画) of one KPI for one fiscal year."""

    __tablename__ = "kpi_targets"
    __table_args__ = (
        Index(
            "uq_kpi_targets_kpi_year_active",
            "kpi_id",
            "fiscal_year",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id"), index=True)
    fiscal_year: Mapped[int] = mapped_column(index=True)
    plan: Mapped[int]

    kpi: Mapped[Kpi] = relationship()

    audit_name = "kpi_target"
    audited_fields = ("kpi_id", "fiscal_year", "plan")

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        """A closed year's snapshot holds its plans: they stay as they were closed."""
        kpi = self.kpi or db.session.get(Kpi, self.kpi_id)
        return [(kpi.hub, fiscal_year_start(self.fiscal_year))] if kpi else []


class Budget(RecordMixin, db.Model):
    __tablename__ = "budgets"
    __table_args__ = (
        Index(
            "uq_budgets_hub_year_kind_active",
            "hub",
            "fiscal_year",
            "kind",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    hub: Mapped[str] = mapped_column(ForeignKey("hubs.code"), index=True)
    fiscal_year: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))
    total_cost: Mapped[int]
    grant: Mapped[int]

    audit_name = "budget"
    audited_fields = ("hub", "fiscal_year", "kind", "total_cost", "grant")

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        return [(self.hub, fiscal_year_start(self.fiscal_year))] if self.fiscal_year else []


class FiscalYearClosure(db.Model):
    """A closed fiscal year of one hub, with the KPI table as it stood when closed."""

    __tablename__ = "fiscal_year_closures"
    __table_args__ = (
        UniqueConstraint("hub", "fiscal_year", "closed_at"),
        # one closure in force per hub and year, even when two managers close at once
        Index(
            "uq_fiscal_year_closures_in_force",
            "hub",
            "fiscal_year",
            unique=True,
            sqlite_where=text("reopened_at IS NULL"),
            postgresql_where=text("reopened_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hub: Mapped[str] = mapped_column(ForeignKey("hubs.code"))
    fiscal_year: Mapped[int] = mapped_column(index=True)
    closed_at: Mapped[datetime]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    snapshot: Mapped[dict] = mapped_column(JSON)
    reopened_at: Mapped[datetime | None]
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def _kpi_indexes() -> list[Index]:
    """Partial indexes of live rows covering what the KPI measures read (migration 0005).

    Declared here, next to the KPI engine that needs them, so the record models stay
    the other domains' own.
    """
    from hub_app.events.models import Attendance, Event
    from hub_app.knic.models import Matching, Partnership, Talent
    from hub_app.welltech.models import Consultation, Invitation, Project

    columns = {
        "ix_kpi_consultations": (Consultation.hub, Consultation.opened_on, Consultation.deleted_at),
        "ix_kpi_invitations": (Invitation.hub, Invitation.invited_on, Invitation.deleted_at),
        "ix_kpi_projects_started": (Project.hub, Project.started_on, Project.deleted_at),
        "ix_kpi_projects_launched": (Project.hub, Project.launched_on, Project.deleted_at),
        "ix_kpi_matchings": (Matching.hub, Matching.agreed_on, Matching.stage, Matching.deleted_at),
        "ix_kpi_partnerships": (Partnership.hub, Partnership.concluded_on, Partnership.deleted_at),
        "ix_kpi_events": (Event.hub, Event.kind, Event.held_on, Event.deleted_at),
        "ix_kpi_talents": (Talent.id, Talent.deleted_at),
    }
    attended = text("deleted_at IS NULL AND talent_id IS NOT NULL")
    return [
        *(
            Index(name, *cols, sqlite_where=ACTIVE, postgresql_where=ACTIVE)
            for name, cols in columns.items()
        ),
        Index(
            "ix_kpi_attendances",
            Attendance.event_id,
            Attendance.talent_id,
            Attendance.deleted_at,
            sqlite_where=attended,
            postgresql_where=attended,
        ),
    ]


KPI_INDEXES = _kpi_indexes()
