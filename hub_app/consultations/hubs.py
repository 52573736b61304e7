"""What differs between the two hubs' consultations: who reads and writes them, the
topics their form offers, and what a case may link to (DESIGN §3, §6).

Both hubs keep their cases in one table with one form, one service and one set of pages;
this is the only place that says how Welltech's and K-NIC's differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hub_app.core.enums import CONSULTATION_TOPICS
from hub_app.core.permissions import can_read_hub, can_write_hub, require

if TYPE_CHECKING:
    from hub_app.auth.models import User


@dataclass(frozen=True)
class ConsultationHub:
    code: str
    #: the hub's name in headings and messages
    name: str
    #: the topics its form offers, in order; the service accepts every topic of §3
    topics: tuple[str, ...]
    #: the record a case of this hub may link to: "project" (Welltech) or "matching" (K-NIC)
    link: str
    read_denied: str
    write_denied: str
    unknown_staff: str

    def topic_choices(self, current: str | None = None) -> list[tuple[str, str]]:
        """The form's topics; a stored topic outside the hub's list stays selectable."""
        codes = list(self.topics)
        if current in CONSULTATION_TOPICS and current not in codes:
            codes.append(current)
        return [("", "選択してください"), *((c, CONSULTATION_TOPICS[c]) for c in codes)]


WELLTECH = ConsultationHub(
    code="welltech",
    name="ウェルテック",
    topics=(
        "product_development",
        "safety",
        "performance",
        "commercialization",
        "funding",
        "ip",
        "other",
    ),
    link="project",
    read_denied="ウェルテックの記録を見る権限がありません。",
    write_denied="ウェルテックの記録を登録・変更する権限がありません。",
    unknown_staff="指定された担当者はウェルテックの職員として登録されていません。",
)
KNIC = ConsultationHub(
    code="knic",
    name="K-NIC",
    topics=("founding", "business_plan", "talent", "funding", "ip", "other"),
    link="matching",
    read_denied="K-NICの記録を閲覧する権限がありません。",
    write_denied="K-NICの記録を登録・変更できるのは、管理者とK-NICの職員だけです。",
    unknown_staff="指定された担当者はK-NICの職員として登録されていません。",
)
HUBS = {hub.code: hub for hub in (WELLTECH, KNIC)}
#: a record sent without a hub (files and clients older than K-NIC's consultations)
DEFAULT_HUB = WELLTECH.code
NO_ACCESS = "相談・技術助言を見る権限がありません。"
NO_WRITE = "相談・技術助言を登録・変更する権限がありません。"


def readable_hubs(user: User | None) -> list[str]:
    return [code for code in HUBS if can_read_hub(user, code)]


def can_read(user: User | None, hub: str) -> bool:
    return hub in HUBS and can_read_hub(user, hub)


def can_write(user: User | None, hub: str) -> bool:
    return hub in HUBS and can_write_hub(user, hub)


def require_read(user: User | None, hub: str) -> None:
    require(can_read(user, hub), HUBS[hub].read_denied if hub in HUBS else NO_ACCESS)


def require_write(user: User | None, hub: str) -> None:
    require(can_write(user, hub), HUBS[hub].write_denied if hub in HUBS else NO_WRITE)


def require_any_write(user: User | None) -> None:
    require(any(can_write_hub(user, code) for code in HUBS), NO_WRITE)
