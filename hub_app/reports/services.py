"""Writes of the yearly report: its sections, its status, and what a reopened year undoes.

Draft → in review → approved (DESIGN §10). Approval needs the programme's year closed;
it stores the generated DOCX with its SHA-256 and the content it was built from, and
from then on that file is what downloads. Reopening the year withdraws the approval
(kept in the report's history) and sends the report back to draft. Every step writes an
audit row through core.records; the request or command commits once.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from sqlalchemy import select

from hub_app.core import records
from hub_app.core.enums import PROGRAMMES, REPORT_SECTIONS, REPORT_STATUSES
from hub_app.core.errors import Conflict, NotFound, ValidationFailed
from hub_app.core.fiscal import fiscal_year_label
from hub_app.core.forms import validate
from hub_app.core.models import utcnow
from hub_app.core.permissions import can_manage_plans, can_write_hub, require
from hub_app.extensions import db
from hub_app.kpi import closures
from hub_app.kpi.models import FiscalYearClosure, Programme
from hub_app.reports import content, document, figures
from hub_app.reports.forms import ReportSectionsForm, ReportStatusForm
from hub_app.reports.models import Report, ReportApproval

if TYPE_CHECKING:
    from hub_app.auth.models import User

EDITORS_ONLY = "この事業の報告を編集できるのは、管理職・管理者と、その拠点の職員だけです。"
APPROVERS_ONLY = "報告を承認できるのは管理職と管理者だけです。"
APPROVED = (
    "承認済みの報告は変更できません。変更するには、管理者に年度締めの解除を"
    "依頼してください(解除すると報告は下書きに戻ります)。"
)


def get_programme(code: str) -> Programme:
    programme = db.session.get(Programme, code)
    if programme is None:
        raise NotFound("指定された事業はありません。")
    return programme


def can_edit(user: User | None, programme: Programme) -> bool:
    """Managers and admins edit every programme's report; a hub's staff their hub's."""
    if can_manage_plans(user):
        return True
    return bool(
        programme.hub and user and user.role == "staff" and can_write_hub(user, programme.hub)
    )


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        message = "年度は2000〜2100の西暦で指定してください。"
        raise ValidationFailed("年度が正しくありません。", {"fiscal_year": [message]})


def report_of(programme: str, year: int) -> Report | None:
    return db.session.scalar(
        select(Report).where(
            Report.programme == programme,
            Report.fiscal_year == year,
            Report.deleted_at.is_(None),
        )
    )


def _label(programme: Programme, year: int) -> str:
    return f"{PROGRAMMES.get(programme.code, programme.name)}の{fiscal_year_label(year)}報告"


def _ensure_report(actor: User, programme: Programme, year: int) -> Report:
    report = report_of(programme.code, year)
    if report is None:
        report = Report(programme=programme.code, fiscal_year=year, status="draft")
        report.overview = report.activities = report.assessment = report.next_activities = ""
        records.create(actor, report, note=_label(programme, year))
    return report


def save_sections(
    actor: User, programme: Programme, year: int, form: ReportSectionsForm
) -> dict[str, list]:
    """Store the sections as written; a `{code}` the programme does not know is refused."""
    require(can_edit(actor, programme), EDITORS_ONLY)
    check_year(year)
    validate(form)
    values = {
        name: (form[name].data or "").replace("\r\n", "\n").strip() for name in REPORT_SECTIONS
    }
    known = figures.known_codes(programme.code)
    errors = {}
    for name, text in values.items():
        unknown = figures.unknown_codes(text, known)
        if unknown:
            listed = "、".join(f"{{{code}}}" for code in unknown)
            errors[name] = [f"{listed} という数値はありません。数値の一覧から選んでください。"]
    if errors:
        raise ValidationFailed("知らない数値の名前があります。", errors)
    existing = report_of(programme.code, year)
    if existing is not None and existing.status == "approved":
        raise Conflict(APPROVED)
    report = _ensure_report(actor, programme, year)
    return records.update(actor, report, values, note=_label(programme, year))


def change_status(actor: User, programme: Programme, year: int, form: ReportStatusForm) -> Report:
    check_year(year)
    validate(form)
    status = form.status.data
    report = report_of(programme.code, year)
    current = report.status if report is not None else "draft"
    if status == "approved":
        require(can_manage_plans(actor), APPROVERS_ONLY)
    else:
        require(can_edit(actor, programme), EDITORS_ONLY)
    if status == current:
        raise Conflict(f"この報告はすでに「{REPORT_STATUSES[status]}」です。")
    if current == "approved":
        raise Conflict(APPROVED)
    if status == "approved" and current != "in_review":
        raise Conflict("承認する前に、報告を確認待ちにしてください。")
    if status == "approved" and closures.active_closure(programme.code, year) is None:
        message = (
            f"{PROGRAMMES.get(programme.code)}の{fiscal_year_label(year)}はまだ締められていません。"
            "年度締めの後に承認できます。"
        )
        raise Conflict(message, {"status": [message]})
    report = report or _ensure_report(actor, programme, year)
    note = _label(programme, year)
    if status == "approved":
        approval = _approve(actor, report)
        note = f"{note} 承認(SHA-256 {approval.sha256})"
    records.update(actor, report, {"status": status}, note=note)
    return report


def _approve(actor: User, report: Report) -> ReportApproval:
    """Generate the document from today's figures and keep it, byte for byte."""
    built = content.build_one(report.programme, report.fiscal_year, live=True, every_figure=False)
    approved_at = utcnow()
    built.status = "approved"
    built.approved_at = approved_at.isoformat(timespec="seconds") + "Z"
    docx = document.programme_docx(built)
    sha256 = hashlib.sha256(docx).hexdigest()
    built.sha256 = sha256
    approval = ReportApproval(
        report_id=report.id,
        approved_at=approved_at,
        approved_by=actor.id,
        content=built.to_dict(),
        docx=docx,
        sha256=sha256,
    )
    report.approvals.append(approval)
    records.flush()
    return approval


def withdraw_on_reopen(actor: User, closure: FiscalYearClosure) -> None:
    """A reopened year sends its approved report back to draft; the file stays in history."""
    report = report_of(closure.programme, closure.fiscal_year)
    if report is None or report.status != "approved":
        return
    approval = report.approval
    if approval is not None:
        approval.withdrawn_at = utcnow()
        approval.withdrawn_by = actor.id
    programme = get_programme(closure.programme)
    records.update(
        actor,
        report,
        {"status": "draft"},
        note=f"{_label(programme, closure.fiscal_year)} 年度締めの解除により下書きに戻しました",
    )


closures.on_reopen.append(withdraw_on_reopen)


def programme_docx(programme: Programme, year: int) -> tuple[bytes, str | None]:
    """The programme-year's DOCX: the approved file while approved, else built now.

    Returns the bytes and, for an approved file, its SHA-256.
    """
    report = report_of(programme.code, year)
    approval = report.approval if report is not None else None
    if approval is not None:
        return approval.docx, approval.sha256
    built = content.build_one(programme.code, year, every_figure=False)
    return document.programme_docx(built), None


def year_docx(year: int) -> bytes:
    """The whole year's document: approved programmes as approved, the others as they are."""
    return document.year_docx(content.build(year, every_figure=False), year)
