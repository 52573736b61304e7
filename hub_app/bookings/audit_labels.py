"""How bookings read in their change history: 「施設: 模擬環境ラボ」, not `facility: mock_lab`."""

from __future__ import annotations

from hub_app.core import audit_display, enums


def register() -> None:
    audit_display.register(
        "booking",
        name="施設予約",
        fields={
            "facility": "施設",
            "starts_at": "開始日時",
            "ends_at": "終了日時",
            "evaluation_id": "製品評価",
            "staff_id": "担当職員",
            "notes": "メモ",
        },
        values={"facility": enums.FACILITIES},
        link=("bookings.show", "booking_id"),
    )
    audit_display.register("calendar_feed", name="予約カレンダーの購読URL")
