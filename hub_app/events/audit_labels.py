"""How events and attendances read in their change history (Japanese names and labels)."""

from __future__ import annotations

from hub_app.core import audit_display, enums


def register() -> None:
    audit_display.register(
        "event",
        fields={
            "title": "名称",
            "held_on": "開催日",
            "venue": "会場",
            "headcount": "その他の参加者数",
            "ref": "外部参照",
        },
        values={"kind": enums.EVENT_KINDS},
        link=("events.show", "event_id"),
    )
    audit_display.register(
        "attendance",
        fields={"event_id": "イベント", "talent_id": "人材"},
    )
