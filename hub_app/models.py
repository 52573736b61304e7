"""Imports every model so the metadata is complete for the ORM and Alembic."""

from hub_app.auth.models import (
    ApiRateCount,
    ApiToken,
    Hub,
    LoginAttempt,
    Membership,
    RecoveryCode,
    User,
    UserSession,
)
from hub_app.bookings.models import Booking, CalendarFeed
from hub_app.core.audit import AuditEntry
from hub_app.core.versions import DataVersion
from hub_app.events.models import Attendance, Event
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.kpi.models import Budget, FiscalYearClosure, Kpi, KpiTarget, KpiValue, Programme
from hub_app.organizations.models import Organization
from hub_app.registry.models import Corporation
from hub_app.reports.models import Report, ReportApproval
from hub_app.search.models import SearchEntry
from hub_app.welltech.models import (
    Attachment,
    Consultation,
    ConsultationActivity,
    Evaluation,
    Invitation,
    Measurement,
    Project,
)

__all__ = [
    "ApiRateCount",
    "ApiToken",
    "Attachment",
    "Attendance",
    "AuditEntry",
    "Booking",
    "Budget",
    "CalendarFeed",
    "Consultation",
    "DataVersion",
    "ConsultationActivity",
    "Corporation",
    "Evaluation",
    "Event",
    "FiscalYearClosure",
    "Hub",
    "Invitation",
    "Kpi",
    "KpiTarget",
    "KpiValue",
    "LoginAttempt",
    "Matching",
    "Measurement",
    "Membership",
    "Organization",
    "Partnership",
    "Programme",
    "Project",
    "Report",
    "ReportApproval",
    "RecoveryCode",
    "SearchEntry",
    "Talent",
    "User",
    "UserSession",
]
