"""How reports, entered figures and programme budgets read in their change history."""

from __future__ import annotations

from hub_app.core import audit_display, enums


def register() -> None:
    audit_display.register(
        "report",
        fields={
            "programme": "事業",
            "fiscal_year": "年度",
            "status": "状態",
            **enums.REPORT_SECTIONS,
        },
        values={"status": enums.REPORT_STATUSES, "programme": enums.PROGRAMMES},
        name="実績報告",
    )
    audit_display.register(
        "kpi_value",
        fields={
            "kpi_id": "KPI",
            "year": "年(年度)",
            "actual": "実績",
            "source": "出典",
            "evidence_id": "根拠資料",
        },
        name="KPI実績(手入力)",
    )
    audit_display.register(
        "budget", fields={"programme": "事業"}, values={"programme": enums.PROGRAMMES}
    )
    audit_display.register(
        "fiscal_year_closure", fields={"programme": "事業"}, values={"programme": enums.PROGRAMMES}
    )
