"""The navigation menu: each domain adds its pages, shown only to users allowed to see them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SECTION_ORDER = ("KPI・報告", "ウェルテック", "K-NIC", "共通", "管理")


@dataclass
class Section:
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)


_entries: list[tuple[str, str, str, Callable[[Any], bool]]] = []


def add(section: str, text: str, endpoint: str, allowed: Callable[[Any], bool]) -> None:
    if (section, text, endpoint) not in [(s, t, e) for s, t, e, _ in _entries]:
        _entries.append((section, text, endpoint, allowed))


def sections_for(user: Any) -> list[Section]:
    result: dict[str, Section] = {}
    for section, text, endpoint, allowed in _entries:
        if allowed(user):
            result.setdefault(section, Section(section)).links.append((text, endpoint))
    order = {title: index for index, title in enumerate(SECTION_ORDER)}
    return sorted(result.values(), key=lambda s: order.get(s.title, len(order)))


AUDIT_ACTIONS = {
    "create": "作成",
    "update": "変更",
    "delete": "削除",
    "restore": "復元",
    "login": "サインイン",
    "logout": "サインアウト",
    "login_failed": "サインイン失敗",
    "login_throttled": "サインイン制限",
    "access_denied": "アクセス拒否",
    "password_change": "パスワード変更",
    "mfa_enable": "二要素認証の設定",
    "mfa_reset": "二要素認証の解除",
    "mfa_failed": "確認コード誤り",
    "mfa_recovery_used": "回復コードでサインイン",
    "mfa_recovery_codes": "回復コードの再発行",
    "reauth": "本人確認",
    "reauth_failed": "本人確認失敗",
    "session_end": "セッション終了",
    "revoke": "無効化",
    "export": "出力",
    "import": "取込",
    "anonymize": "匿名化",
    "close_year": "年度締め",
    "reopen_year": "締め解除",
}


def audit_action(code: str) -> str:
    return AUDIT_ACTIONS.get(code, code)
