"""How Welltech records read in their change history: Japanese field names and labels.

Without this the history tables showed `channel: visit` and `opened_on`; staff read
「受付方法: 来所」「受付日」 like on the rest of the page.
"""

from __future__ import annotations

from hub_app.core import audit_display, enums

DATES = {"opened_on": "受付日", "closed_on": "完了日", "invited_on": "打診日"}


def register() -> None:
    audit_display.register(
        "invitation",
        fields={
            **DATES,
            "method": "打診方法",
            "outcome": "結果",
            "notes": "メモ",
            "project_id": "対象プロジェクト",
            "ref": "外部参照ID",
        },
        values={"method": enums.INVITATION_METHODS, "outcome": enums.INVITATION_OUTCOMES},
        link=("welltech.invitations.show", "invitation_id"),
    )
    audit_display.register(
        "project",
        fields={
            "title": "プロジェクト名",
            "kind": "区分",
            "lead_organization_id": "主体企業",
            "partner_ids": "連携先",
            "product_category": "製品分類",
            "started_on": "開始日",
            "launched_on": "市場化日",
            "ended_on": "終了日",
            "ref": "外部参照ID",
        },
        values={
            "kind": enums.PROJECT_KINDS,
            "product_category": enums.PRODUCT_CATEGORIES,
            "stage": enums.PROJECT_STAGES,
        },
        link=("welltech.projects.show", "project_id"),
    )
    audit_display.register(
        "evaluation",
        fields={
            "evaluated_on": "評価日",
            "aspect": "評価の観点",
            "setting": "実施場所",
            "method": "評価方法",
            "result": "判定",
            "summary": "結果の概要",
            "measurement_rows": "計測値",
            "ref": "外部参照ID",
        },
        values={
            "aspect": enums.EVALUATION_ASPECTS,
            "setting": enums.EVALUATION_SETTINGS,
            "method": enums.EVALUATION_METHODS,
            "result": enums.EVALUATION_RESULTS,
        },
        link=("welltech.evaluations.show", "evaluation_id"),
    )
    audit_display.register(
        "attachment",
        fields={"filename": "ファイル名", "owner_type": "添付先", "size": "サイズ(バイト)"},
    )
