"""One folding for every lookup by name: the header search, the organisation picker and the
corporate-number lookup must agree on what a user's typing matches (DESIGN §11)."""

from __future__ import annotations

from hub_app.organizations.names import name_key

# Hiragana ぁ..ゖ sit exactly 0x60 below their katakana.
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def fold(text: str | None) -> str:
    """The form in which typed text and stored names are compared.

    On top of the duplicate rule of §3 (NFKC, case, spaces, legal-form words), hiragana count as
    katakana, so 「かぶしきがいしゃ」, 「カブシキガイシャ」 and 「ｶﾌﾞｼｷｶﾞｲｼｬ」 fold alike, and so do
    「ＡＢＣ」 and 「abc」.
    """
    if not text:
        return ""
    return name_key(text).translate(_HIRAGANA_TO_KATAKANA)
