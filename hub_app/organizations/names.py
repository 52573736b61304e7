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
    if not _DIGITS13.fullmatch(number):
        return False
    return int(number[0]) == check_digit(number[1:])


#: the weights of the twelve digits, left to right (2 for the even places from the right);
#: the NTA import checks every row, so this is computed without a loop in Python
_WEIGHTS = (2, 1) * 6
_DIGITS13 = re.compile(r"\d{13}", re.ASCII)


def check_digit(base: str) -> int:
    """The check digit of a corporate number's other twelve digits."""
    return 9 - sum(map(int.__mul__, map(int, base), _WEIGHTS)) % 9


def normalize_corporate_number(value: str) -> str:
    """Accept full-width digits and hyphens or spaces the way people type them."""
    return re.sub(r"[\s\-‐－ー]", "", unicodedata.normalize("NFKC", value or ""))
