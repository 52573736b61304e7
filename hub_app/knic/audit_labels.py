"""How K-NIC records read in their change history: Japanese field names and labels.

The talent page masks contacts and erased values itself; the admin audit log masks an
anonymised talent's old personal values through the masker registered here.
"""

from __future__ import annotations

from hub_app.core import audit_display, enums
from hub_app.knic.talents import queries as talent_queries


def register() -> None:
    audit_display.register(
        "talent",
        fields={
            "full_name": "氏名",
            "full_name_kana": "氏名(カナ)",
            "phone": "電話番号",
            "employer_id": "勤務先",
            "job_title": "役職",
            "skills": "スキル",
            "desired_roles": "希望する役割",
            "hours_per_month": "対応可能時間(月)",
            "side_job_permitted": "副業・兼業の許可",
            "consent_on": "同意日",
            "registered_on": "登録日",
            "anonymized_at": "匿名化日",
            "ref": "外部参照",
        },
        values={"status": enums.TALENT_STATUSES},
        link=("knic.talent", "talent_id"),
    )
    audit_display.register(
        "matching",
        fields={
            "talent_id": "人材",
            "role": "役割",
            "proposed_on": "候補登録日",
            "introduced_on": "紹介日",
            "agreed_on": "成立日",
            "ended_on": "終了日",
            "hours_per_month": "時間(月)",
            "compensation": "報酬",
            "coordinator_id": "担当コーディネーター",
            "ref": "外部参照",
        },
        values={"stage": enums.MATCHING_STAGES, "compensation": enums.COMPENSATIONS},
        link=("knic.matching", "matching_id"),
    )
    audit_display.register(
        "partnership",
        fields={"concluded_on": "締結・開始日", "ref": "外部参照"},
        values={"kind": enums.PARTNERSHIP_KINDS},
        link=("knic.partnership", "partnership_id"),
    )
    audit_display.register_masker("talent", talent_queries.erased_in_audit_log)
