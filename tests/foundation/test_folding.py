"""Does typed text match stored names however it was written?"""

import pytest

from hub_app.core.folding import fold


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ｶﾌﾞｼｷｶﾞｲｼｬ", "カブシキガイシャ"),
        ("かぶしきがいしゃ", "カブシキガイシャ"),
        ("ＡＢＣ", "abc"),
        ("ABC", "ａｂｃ"),
        ("けあ てっく", "ケアテック"),
        ("ケアテック", "㈱ケアテック"),
        ("ケアテック", "株式会社 ケアテック"),
    ],
)
def test_the_same_name_folds_alike(typed: str, stored: str) -> None:
    assert fold(typed) == fold(stored)


def test_different_names_stay_different() -> None:
    assert fold("ケアテック") != fold("ケアテクノ")
    assert fold("ゔ") == "ヴ"
    assert fold(None) == ""
