"""Welltech's records: invitations, projects, evaluations, and the consultations of both
hubs (DESIGN §3; their pages and services are hub_app.consultations)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub_app.auth.models import User
from hub_app.core.models import FollowUpMixin, RecordMixin
from hub_app.extensions import db
from hub_app.knic.models import Matching
from hub_app.organizations.models import Organization

project_partners = Table(
    "project_partners",
    db.metadata,
    Column("project_id", Integer, ForeignKey("projects.id"), primary_key=True),
    Column("organization_id", Integer, ForeignKey("organizations.id"), primary_key=True),
)


class Consultation(FollowUpMixin, RecordMixin, db.Model):
    __tablename__ = "consultations"
    __table_args__ = (Index("ix_consultations_hub_opened_on", "hub", "opened_on"),)

    hub: Mapped[str] = mapped_column(String(16), default="welltech")
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    opened_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    closed_on: Mapped[date | None]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    #: K-NIC's: the matching a start-up consultation is about (a Welltech one names a project)
    matching_id: Mapped[int | None] = mapped_column(ForeignKey("matchings.id"), index=True)
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    organization: Mapped[Organization] = relationship()
    activities: Mapped[list[ConsultationActivity]] = relationship(
        back_populates="consultation",
        order_by="(ConsultationActivity.occurred_on, ConsultationActivity.id)",
    )
    staff: Mapped[User | None] = relationship(foreign_keys=[staff_id])
    project: Mapped[Project | None] = relationship()
    matching: Mapped[Matching | None] = relationship()

    audit_name = "consultation"
    fiscal_date_field = "opened_on"
    audited_fields = (
        "hub",
        "organization_id",
        "opened_on",
        "kind",
        "channel",
        "topic",
        "title",
        "summary",
        "status",
        "closed_on",
        "staff_id",
        "project_id",
        "matching_id",
        "ref",
        *FollowUpMixin.follow_up_fields,
    )


class ConsultationActivity(RecordMixin, db.Model):
    """One entry in a consultation's timeline (対応履歴)."""

    __tablename__ = "consultation_activities"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    occurred_on: Mapped[date]
    notes: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="activities")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    audit_name = "consultation_activity"
    audited_fields = ("consultation_id", "occurred_on", "notes", "user_id")


class Invitation(RecordMixin, db.Model):
    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_hub_invited_on", "hub", "invited_on"),)

    hub: Mapped[str] = mapped_column(String(16), default="welltech")
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    invited_on: Mapped[date] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(16))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    organization: Mapped[Organization] = relationship()
    project: Mapped[Project | None] = relationship()

    audit_name = "invitation"
    fiscal_date_field = "invited_on"
    audited_fields = (
        "hub",
        "organization_id",
        "invited_on",
        "method",
        "project_id",
        "outcome",
        "notes",
        "ref",
    )


class Project(FollowUpMixin, RecordMixin, db.Model):
    __tablename__ = "projects"
    __table_args__ = (
        Index("ix_projects_hub_started_on", "hub", "started_on"),
        Index("ix_projects_hub_launched_on", "hub", "launched_on"),
    )

    hub: Mapped[str] = mapped_column(String(16), default="welltech")
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    lead_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    product_category: Mapped[str] = mapped_column(String(32), index=True)
    stage: Mapped[str] = mapped_column(String(16), default="planning", index=True)
    started_on: Mapped[date] = mapped_column(index=True)
    launched_on: Mapped[date | None] = mapped_column(index=True)
    ended_on: Mapped[date | None]
    summary: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    lead_organization: Mapped[Organization] = relationship()
    partners: Mapped[list[Organization]] = relationship(secondary=project_partners)
    evaluations: Mapped[list[Evaluation]] = relationship(
        back_populates="project", order_by="Evaluation.evaluated_on"
    )

    audit_name = "project"
    fiscal_date_field = "started_on"
    audited_fields = (
        "hub",
        "title",
        "kind",
        "lead_organization_id",
        "partner_ids",
        "product_category",
        "stage",
        "started_on",
        "launched_on",
        "ended_on",
        "summary",
        "ref",
        *FollowUpMixin.follow_up_fields,
    )

    @property
    def partner_ids(self) -> list[int]:
        return sorted(o.id for o in self.partners)

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        """A project counts by its start (projects) and by its launch (commercialised)."""
        return [(self.hub, day) for day in (self.started_on, self.launched_on) if day]


class Evaluation(RecordMixin, db.Model):
    __tablename__ = "evaluations"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    evaluated_on: Mapped[date] = mapped_column(index=True)
    aspect: Mapped[str] = mapped_column(String(16))
    setting: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(32))
    result: Mapped[str] = mapped_column(String(16), default="none")
    summary: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    project: Mapped[Project] = relationship(back_populates="evaluations")
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="evaluation",
        order_by="Measurement.position",
        cascade="all, delete-orphan",
    )

    audit_name = "evaluation"
    fiscal_date_field = "evaluated_on"
    audited_fields = (
        "project_id",
        "evaluated_on",
        "aspect",
        "setting",
        "method",
        "result",
        "summary",
        "ref",
        "measurement_rows",
    )

    @property
    def measurement_rows(self) -> list[dict[str, str | None]]:
        """The figures as plain values, so the audit diff shows what changed in them."""
        return [m.row() for m in self.measurements]


class Measurement(db.Model):
    """A figure inside an evaluation; audited as part of its evaluation."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    unit: Mapped[str | None] = mapped_column(String(32))
    threshold: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    direction: Mapped[str | None] = mapped_column(String(8))

    evaluation: Mapped[Evaluation] = relationship(back_populates="measurements")

    def row(self) -> dict[str, str | None]:
        def plain(value: Decimal | None) -> str | None:
            return None if value is None else format(Decimal(value).normalize(), "f")

        return {
            "name": self.name,
            "value": plain(self.value),
            "unit": self.unit,
            "threshold": plain(self.threshold),
            "direction": self.direction,
        }

    @property
    def within_threshold(self) -> bool | None:
        """True/False against the threshold, None when there is nothing to compare with."""
        if self.threshold is None or self.direction not in ("max", "min"):
            return None
        if self.direction == "max":
            return self.value <= self.threshold
        return self.value >= self.threshold


class Attachment(RecordMixin, db.Model):
    """A file of a consultation or an evaluation, stored under instance/ by a random name."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_type", "owner_id"),)

    owner_type: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))

    audit_name = "attachment"
    audited_fields = ("owner_type", "owner_id", "filename", "content_type", "size", "sha256")
