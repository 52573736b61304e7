"""How consultations of both hubs read in the change history and are found by the header
search. A link that knows only the id goes through /consultations/<id>, which sends the
reader to the case's page in its own hub."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from hub_app.core import audit_display, enums
from hub_app.search.registry import Document, Searchable, add
from hub_app.welltech.models import Consultation

LINK = ("consultation_links.consultation_link", "consultation_id")


def _document(consultation: Consultation) -> Document:
    """Indexed under the case's hub, so only readers of that hub find it."""
    return Document(
        title=consultation.title,
        hub=consultation.hub,
        texts=(consultation.organization.name, consultation.summary, consultation.ref),
        day=consultation.opened_on,
    )


def register() -> None:
    audit_display.register(
        "consultation",
        fields={
            "opened_on": "受付日",
            "closed_on": "完了日",
            "channel": "受付方法",
            "topic": "テーマ",
            "summary": "相談内容",
            "staff_id": "担当職員",
            "project_id": "関連プロジェクト",
            "matching_id": "関連マッチング",
            "ref": "外部参照ID",
        },
        values={
            "hub": {"welltech": "ウェルテック", "knic": "K-NIC"},
            "kind": enums.CONSULTATION_KINDS,
            "channel": enums.CONSULTATION_CHANNELS,
            "topic": enums.CONSULTATION_TOPICS,
            "status": enums.CONSULTATION_STATUSES,
        },
        link=LINK,
    )
    audit_display.register(
        "consultation_activity",
        fields={"occurred_on": "対応日", "notes": "対応内容", "consultation_id": "相談"},
    )
    add(
        Searchable(
            Consultation,
            "consultation",
            _document,
            describe=lambda c, _user: (c.title, c.organization.name),
            load=(selectinload(Consultation.organization),),
            via=(Consultation.organization_id,),
        )
    )
