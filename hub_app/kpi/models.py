"""Programmes, KPI definitions, plans, entered figures, budgets and closed years (§4–§6, §10)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from hub_app.core import records
from hub_app.core.fiscal import fiscal_year_start
from hub_app.core.models import RecordMixin
from hub_app.extensions import db

ACTIVE = text("deleted_at IS NULL")


class Programme(db.Model):
    """One programme (事業) of the city's yearly grant report, in the report's order.

    The two hubs' programmes carry the hub's code as their own, so a hub's year close,
    budgets and KPIs are the programme's without a second key.
    """

    __tablename__ = "programmes"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    hub: Mapped[str | None] = mapped_column(ForeignKey("hubs.code"))
    first_fiscal_year: Mapped[int]
    last_fiscal_year: Mapped[int]
    summary: Mapped[str | None] = mapped_column(Text)
    #: the KPI table's shape on the published page: `single` (the year's 計画/実績) or
    #: `years` (a column per fiscal year from the first, with the baseline where there is one)
    kpi_layout: Mapped[str] = mapped_column(String(16), default="single")
    position: Mapped[int] = mapped_column(default=0)


class Kpi(db.Model):
    __tablename__ = "kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    programme: Mapped[str] = mapped_column(ForeignKey("programmes.code"), index=True)
    #: the hub whose records are counted; none for the programmes run outside the hubs
    hub: Mapped[str | None] = mapped_column(ForeignKey("hubs.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16))
    #: the name of a measure in kpi.measures; none for a KPI whose actual is entered
    measure: Mapped[str | None] = mapped_column(String(64))
    #: `fiscal` (April–March) or `calendar` (January–December, as tourism statistics count)
    period: Mapped[str] = mapped_column(String(16), default="fiscal")
    #: 事業開始前の現状値
    baseline: Mapped[int | None] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(default=0)

    @property
    def is_entered(self) -> bool:
        return not self.measure


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
        return [(kpi.programme, fiscal_year_start(self.fiscal_year))] if kpi else []


class KpiValue(RecordMixin, db.Model):
    """The entered actual (手入力) of a KPI without a measure, for one period year.

    `year` is a fiscal year, or a calendar year for a KPI counted January–December; either
    way it is reported in (and locked by the close of) the fiscal year of the same number.
    """

    __tablename__ = "kpi_values"
    __table_args__ = (
        Index(
            "uq_kpi_values_kpi_year_active",
            "kpi_id",
            "year",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    actual: Mapped[int] = mapped_column(BigInteger)
    #: 出典: where the figure comes from (a statistic, a certification list)
    source: Mapped[str] = mapped_column(String(300))
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))

    kpi: Mapped[Kpi] = relationship()

    audit_name = "kpi_value"
    audited_fields = ("kpi_id", "year", "actual", "source", "evidence_id")

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        kpi = self.kpi or db.session.get(Kpi, self.kpi_id)
        return [(kpi.programme, fiscal_year_start(self.year))] if kpi else []


class Budget(RecordMixin, db.Model):
    __tablename__ = "budgets"
    __table_args__ = (
        Index(
            "uq_budgets_programme_year_kind_active",
            "programme",
            "fiscal_year",
            "kind",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    programme: Mapped[str] = mapped_column(ForeignKey("programmes.code"), index=True)
    #: budgets were the hubs' before they were programmes': `hub` still names the column
    hub = synonym("programme")
    fiscal_year: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))
    total_cost: Mapped[int]
    grant: Mapped[int]

    audit_name = "budget"
    audited_fields = ("programme", "fiscal_year", "kind", "total_cost", "grant")

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        if not self.fiscal_year:
            return []
        return [(self.programme, fiscal_year_start(self.fiscal_year))]


class FiscalYearClosure(db.Model):
    """A closed fiscal year of one programme (a hub's is its programme's), with the KPI
    table as it stood when closed."""

    __tablename__ = "fiscal_year_closures"
    __table_args__ = (
        UniqueConstraint("programme", "fiscal_year", "closed_at"),
        # one closure in force per programme and year, even when two managers close at once
        Index(
            "uq_fiscal_year_closures_in_force",
            "programme",
            "fiscal_year",
            unique=True,
            sqlite_where=text("reopened_at IS NULL"),
            postgresql_where=text("reopened_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(ForeignKey("programmes.code"))
    hub = synonym("programme")
    fiscal_year: Mapped[int] = mapped_column(index=True)
    closed_at: Mapped[datetime]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    snapshot: Mapped[dict] = mapped_column(JSON)
    reopened_at: Mapped[datetime | None]
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def year_is_closed(programme: str, year: int) -> bool:
    """Whether a closure of `programme`'s fiscal year is in force: core.records' lock."""
    found = db.session.scalar(
        select(FiscalYearClosure.id).where(
            FiscalYearClosure.programme == programme,
            FiscalYearClosure.fiscal_year == year,
            FiscalYearClosure.reopened_at.is_(None),
        )
    )
    return found is not None


records.register_year_lock(year_is_closed)


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
