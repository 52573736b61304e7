"""Password policy and hashing.

argon2id with argon2-cffi's defaults (t=3, m=64 MiB, p=4) lies above OWASP's minimum
(m=19 MiB, t=2, p=1). The policy follows NIST SP 800-63B: length, no composition rules,
and a refusal of passwords found on a list of common ones.
"""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256

_hasher = PasswordHasher()
# Digits and symbols people put around a common word to pass a length rule ("Baseball2024!").
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")
#: Words of this app and its place (ASVS 6.1.2): a password made of these, digits and
#: symbols alone is the first thing someone who knows the city would try.
CONTEXT_WORDS = (
    "kawasaki",
    "welltech",
    "knic",
    "k-nic",
    "nedo",
    "hubapp",
    "hub_app",
    "hub",
    "fukufuku",
    "admin",
    "password",
    "川崎",
    "かわさき",
    "カワサキ",
    "ウェルテック",
    "ふくふく",
    "拠点",
)
_NOT_LETTERS = re.compile(r"[\W\d_]+")


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def policy_errors(password: str, email: str = "") -> list[str]:
    """Japanese reasons why a password is refused; empty when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return [f"パスワードは{MIN_LENGTH}文字以上にしてください。"]
    if len(password) > MAX_LENGTH:
        return [f"パスワードは{MAX_LENGTH}文字以内にしてください。"]
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    core = _DECORATION.sub("", lowered)
    common = _common_passwords()
    if lowered in common or (len(core) >= 4 and core in common) or len(set(lowered)) <= 2:
        return [
            "よく使われるパスワードのため使えません。推測されにくい言葉を組み合わせてください。"
        ]
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return ["メールアドレスを含むパスワードは使えません。"]
    if _only_context_words(lowered):
        return ["川崎市やこのシステムの名前と数字だけのパスワードは使えません。"]
    return []


def _only_context_words(lowered: str) -> bool:
    rest = lowered
    for word in sorted(CONTEXT_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(_NOT_LETTERS.sub("", rest)) < 4


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def burn_time() -> None:
    """Spend a hash's time on unknown accounts so timing does not tell which e-mails exist."""
    verify_password(_dummy_hash(), "not-the-password")


@cache
def _dummy_hash() -> str:
    return _hasher.hash("dummy-password-for-timing")
