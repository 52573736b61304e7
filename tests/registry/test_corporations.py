"""Does import-corporations load the NTA's files, apply a 差分 file, refuse a malformed one
by its line, and do lookups find what people type?"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.registry import corporations
from hub_app.registry.models import Corporation
from hub_app.registry.nta import line, with_check_digit

SAMPLE = Path(__file__).parents[2] / "hub_app" / "registry" / "data" / "houjin-bangou-sample.csv"


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Corporation))


def _number(n: int) -> str:
    return with_check_digit(f"{n:012d}")


def test_the_sample_rows_load_and_load_again_unchanged(runner):
    first = runner.invoke(args=["import-corporations", str(SAMPLE)])
    assert first.exit_code == 0, first.output
    assert "6件を登録・更新" in first.output
    second = runner.invoke(args=["import-corporations", str(SAMPLE)])
    assert second.exit_code == 0
    assert _count() == 6
    court = db.session.get(Corporation, "1000013050238")
    assert (court.name, court.furigana, court.kind) == (
        "鳥取簡易裁判所",
        "トットリカンイサイバンショ",
        "101",
    )
    assert court.address == "鳥取県鳥取市東町２丁目２２３"
    closed = db.session.get(Corporation, "1280001002413")
    assert closed.close_date.isoformat() == "2018-01-05" and closed.close_cause == "01"


def test_the_zip_as_downloaded_loads(runner, tmp_path):
    archive = tmp_path / "14_kanagawa_all_20240401.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(SAMPLE, "14_kanagawa_all_20240401.csv")
    result = runner.invoke(args=["import-corporations", str(archive)])
    assert result.exit_code == 0, result.output
    assert _count() == 6


def test_a_difference_file_applies_renames_closures_mergers_and_deletions(runner, tmp_path):
    renamed, closed, absorbed, successor, gone = (_number(n) for n in (11, 12, 13, 14, 15))
    full = [
        line(renamed, "株式会社旧かわさき", furigana="キュウカワサキ"),
        line(closed, "株式会社とじる"),
        line(absorbed, "株式会社のまれる"),
        line(successor, "株式会社のみこむ"),
        line(gone, "株式会社まちがい"),
    ]
    assert (
        runner.invoke(args=["import-corporations", str(_write(tmp_path / "a.csv", full))]).exit_code
        == 0
    )
    later = {"updateDate": "2024-05-01"}
    diff = [
        line(renamed, "株式会社新かわさき", process="11", furigana="シンカワサキ", **later),
        line(
            closed, "株式会社とじる", process="21", closeDate="2024-04-20", closeCause="01", **later
        ),
        line(
            absorbed,
            "株式会社のまれる",
            process="71",
            closeDate="2024-04-25",
            closeCause="11",
            successorCorporateNumber=successor,
            **later,
        ),
        line(gone, "株式会社まちがい", process="99", **later),
    ]
    path = _write(tmp_path / "diff.csv", diff)
    for _ in range(2):  # a second run changes nothing
        result = runner.invoke(args=["import-corporations", str(path)])
        assert result.exit_code == 0, result.output
    assert db.session.get(Corporation, renamed).name == "株式会社新かわさき"
    assert db.session.get(Corporation, closed).close_date.isoformat() == "2024-04-20"
    assert db.session.get(Corporation, absorbed).successor_corporate_number == successor
    assert db.session.get(Corporation, gone) is None
    # the older full file again does not undo the changes
    runner.invoke(args=["import-corporations", str(tmp_path / "a.csv")])
    assert db.session.get(Corporation, renamed).name == "株式会社新かわさき"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (lambda rows: rows[2].pop(), "3行目: 列の数が29です"),
        (
            lambda rows: rows[1].__setitem__(1, "2000013050238"),
            "2行目: 法人番号 2000013050238 のチェックデジット",
        ),
        (lambda rows: rows[3].__setitem__(2, "05"), "4行目: 処理区分 05"),
        (lambda rows: rows[0].__setitem__(4, "2024/04/01"), "1行目: 更新年月日 が日付"),
    ],
)
def test_malformed_files_are_refused_by_line_and_store_nothing(runner, tmp_path, broken, message):
    rows = [line(_number(n), f"株式会社テスト{n}") for n in range(1, 6)]
    broken(rows)
    result = runner.invoke(args=["import-corporations", str(_write(tmp_path / "bad.csv", rows))])
    assert result.exit_code == 1
    assert message in result.output and "何も保存していません" in result.output
    assert _count() == 0


def test_a_shift_jis_file_is_refused_by_line(runner, tmp_path):
    ascii_only = {"prefectureName": "", "cityName": "", "streetNumber": ""}
    rows = [line(_number(1), "ABC", **ascii_only), line(_number(2), "株式会社かわさき")]
    path = _write(tmp_path / "sjis.csv", rows, encoding="shift_jis")
    result = runner.invoke(args=["import-corporations", str(path)])
    assert result.exit_code == 1
    assert "2行目: 文字コードがUTF-8ではありません" in result.output
    assert _count() == 0


@pytest.fixture
def registry(runner, tmp_path):
    rows = [
        line(_number(1), "株式会社ＡＢＣ商事", furigana="エービーシーショウジ"),
        line(_number(2), "ＡＢＣ", furigana="エービーシー"),
        line(_number(3), "株式会社カブシキガイシャ研究所"),
        line(_number(4), "ケアテック合同会社", furigana="ケアテック"),
    ]
    assert (
        runner.invoke(args=["import-corporations", str(_write(tmp_path / "r.csv", rows))]).exit_code
        == 0
    )


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("abc", "ＡＢＣ"),
        ("ＡＢＣ", "ＡＢＣ"),
        ("株式会社abc", "ＡＢＣ"),
        ("えーびーしーしょう", "株式会社ＡＢＣ商事"),
        ("ｴｰﾋﾞｰｼｰｼｮｳ", "株式会社ＡＢＣ商事"),
        ("ｶﾌﾞｼｷｶﾞｲｼｬ", "株式会社カブシキガイシャ研究所"),
        ("かぶしきがいしゃ", "株式会社カブシキガイシャ研究所"),
        ("ケアテック", "ケアテック合同会社"),
    ],
)
def test_lookup_folds_what_people_type(registry, typed, first):
    found = corporations.lookup(typed)
    assert found and found[0].name == first


def test_lookup_prefix_matches_exact_first_and_numbers_by_prefix(registry):
    assert [c.name for c in corporations.lookup("abc")] == ["ＡＢＣ", "株式会社ＡＢＣ商事"]
    assert corporations.lookup("ab") == []  # from the third character
    number = _number(3)
    assert [c.corporate_number for c in corporations.lookup(number[:5])] == [number]
    assert corporations.lookup(number)[0].name == "株式会社カブシキガイシャ研究所"
