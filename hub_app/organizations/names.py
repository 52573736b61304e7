"""How organisation names and corporate numbers are compared (DESIGN §3)."""

from __future__ import annotations

import re
import unicodedata

# After NFKC, ㈱ becomes (株) and full-width brackets become ASCII ones.
LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "(株)", "(有)", "(同)")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The form in which two names count as the same organisation.

    NFKC, case folding, no spaces and no legal-form words: 「㈱ケアテック」, 「株式会社 ケアテック」
    and 「ｹｱﾃｯｸ株式会社」 all give 「ケアテック」.
    """
    key = unicodedata.normalize("NFKC", name).casefold()
    key = _SPACES.sub("", key)
    for word in LEGAL_FORMS:
        key = key.replace(word, "")
    return key


def corporate_number_valid(number: str) -> bool:
    """13 digits whose first digit is the check digit of the other twelve (国税庁の計算方法)."""
    if not re.fullmatch(r"\d{13}", number):
        return False
    base = number[1:]
    total = sum(
        int(digit) * (1 if position % 2 else 2)
        for position, digit in enumerate(reversed(base), start=1)
    )
    return int(number[0]) == 9 - total % 9


def normalize_corporate_number(value: str) -> str:
    """Accept full-width digits and hyphens or spaces the way people type them."""
    return re.sub(r"[\s\-‐－ー]", "", unicodedata.normalize("NFKC", value or ""))
