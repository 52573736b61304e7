"""A programme's report of one fiscal year, and the documents approved for it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub_app.core.enums import REPORT_SECTIONS
from hub_app.core.models import RecordMixin
from hub_app.extensions import db

ACTIVE = text("deleted_at IS NULL")


class Report(RecordMixin, db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        Index(
            "uq_reports_programme_year_active",
            "programme",
            "fiscal_year",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
    )

    programme: Mapped[str] = mapped_column(ForeignKey("programmes.code"), index=True)
    fiscal_year: Mapped[int] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    overview: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    next_activities: Mapped[str] = mapped_column(Text, default="")

    approvals: Mapped[list[ReportApproval]] = relationship(
        back_populates="report", order_by="ReportApproval.id"
    )

    audit_name = "report"
    audited_fields = ("programme", "fiscal_year", "status", *REPORT_SECTIONS)

    def fiscal_lock_keys(self) -> list[tuple[str, date]]:
        """The text is finished after the year closes, and approval needs it closed: the
        report's own state (approved or not) guards it instead of the year lock."""
        return []

    @property
    def sections(self) -> dict[str, str]:
        return {name: getattr(self, name) or "" for name in REPORT_SECTIONS}

    @property
    def approval(self) -> ReportApproval | None:
        """The approval in force: the latest one, unless it was withdrawn."""
        if self.status != "approved" or not self.approvals:
            return None
        latest = self.approvals[-1]
        return latest if latest.withdrawn_at is None else None


class ReportApproval(db.Model):
    """The DOCX generated at approval, kept byte for byte with the content it was built from.

    Never deleted: a reopened year withdraws it, and it stays in the report's history.
    """

    __tablename__ = "report_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    approved_at: Mapped[datetime]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the report as approved: sections resolved, budgets and KPI table (the API's shape)
    content: Mapped[dict] = mapped_column(JSON)
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    report: Mapped[Report] = relationship(back_populates="approvals")
