"""The organisation registry shared by both hubs (DESIGN §3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from hub_app.core.models import RecordMixin
from hub_app.extensions import db

ACTIVE = text("deleted_at IS NULL")


class Organization(RecordMixin, db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        Index(
            "uq_organizations_corporate_number_active",
            "corporate_number",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
        Index(
            "uq_organizations_name_key_active",
            "name_key",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str | None] = mapped_column(String(200), index=True)
    #: the name as duplicates are compared (see organizations.names.name_key)
    name_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    in_city: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    corporate_number: Mapped[str | None] = mapped_column(String(13))
    address: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    skills_wanted: Mapped[list[str]] = mapped_column(JSON, default=list)
    roles_wanted: Mapped[str | None] = mapped_column(Text)
    #: the survivor this organisation was merged into (DESIGN §11); set only on deleted ones
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    #: when the registry check last applied the NTA data, so a closure it has taken in
    #: is not listed again until the NTA record changes
    nta_checked_at: Mapped[datetime | None] = mapped_column(default=None)

    audit_name = "organization"
    audited_fields = (
        "name",
        "name_kana",
        "kind",
        "in_city",
        "corporate_number",
        "address",
        "website",
        "notes",
        "skills_wanted",
        "roles_wanted",
        "merged_into_id",
    )

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name}>"
