"""K-NIC's records: talents (personal data), matchings, partnerships (DESIGN §3)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub_app.core.models import FollowUpMixin, RecordMixin
from hub_app.extensions import db
from hub_app.organizations.models import Organization

if TYPE_CHECKING:
    from hub_app.auth.models import User

ACTIVE = text("deleted_at IS NULL")


class Talent(RecordMixin, db.Model):
    """A side-job professional. Personal data under APPI: see core.permissions."""

    __tablename__ = "talents"
    __table_args__ = (
        Index(
            "uq_talents_email_active",
            "email",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    full_name: Mapped[str] = mapped_column(String(100))
    full_name_kana: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    job_title: Mapped[str | None] = mapped_column(String(100))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_roles: Mapped[str | None] = mapped_column(Text)
    hours_per_month: Mapped[int | None]
    side_job_permitted: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[date]
    registered_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    anonymized_at: Mapped[date | None]
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    employer: Mapped[Organization | None] = relationship()

    audit_name = "talent"
    audited_fields = (
        "full_name",
        "full_name_kana",
        "email",
        "phone",
        "employer_id",
        "job_title",
        "skills",
        "desired_roles",
        "hours_per_month",
        "side_job_permitted",
        "consent_on",
        "registered_on",
        "status",
        "notes",
        "ref",
    )
    #: fields only admins and K-NIC staff may see
    contact_fields = ("email", "phone")


class Matching(FollowUpMixin, RecordMixin, db.Model):
    __tablename__ = "matchings"
    __table_args__ = (
        Index("ix_matchings_hub_agreed_on", "hub", "agreed_on"),
        Index(
            "uq_matchings_open_pair",
            "talent_id",
            "organization_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND stage NOT IN ('declined', 'ended')"),
            postgresql_where=text("deleted_at IS NULL AND stage NOT IN ('declined', 'ended')"),
        ),
    )

    hub: Mapped[str] = mapped_column(String(16), default="knic")
    talent_id: Mapped[int] = mapped_column(ForeignKey("talents.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    proposed_on: Mapped[date | None]
    introduced_on: Mapped[date | None]
    agreed_on: Mapped[date | None] = mapped_column(index=True)
    ended_on: Mapped[date | None]
    hours_per_month: Mapped[int | None]
    compensation: Mapped[str | None] = mapped_column(String(16))
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    talent: Mapped[Talent] = relationship()
    organization: Mapped[Organization] = relationship()
    coordinator: Mapped[User | None] = relationship("User", foreign_keys=[coordinator_id])

    audit_name = "matching"
    fiscal_date_field = "agreed_on"
    audited_fields = (
        "hub",
        "talent_id",
        "organization_id",
        "role",
        "stage",
        "proposed_on",
        "introduced_on",
        "agreed_on",
        "ended_on",
        "hours_per_month",
        "compensation",
        "coordinator_id",
        "notes",
        "ref",
        *FollowUpMixin.follow_up_fields,
    )


class Partnership(RecordMixin, db.Model):
    __tablename__ = "partnerships"
    __table_args__ = (Index("ix_partnerships_hub_concluded_on", "hub", "concluded_on"),)

    hub: Mapped[str] = mapped_column(String(16), default="knic")
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    concluded_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(100), index=True)

    organization: Mapped[Organization] = relationship()

    audit_name = "partnership"
    fiscal_date_field = "concluded_on"
    audited_fields = ("hub", "organization_id", "concluded_on", "kind", "summary", "ref")
