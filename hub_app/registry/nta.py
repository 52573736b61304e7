"""Reading the NTA's download files (DESIGN §11): the zip as downloaded or the CSV inside,
one row at a time, each checked before it is used.

The Unicode edition is UTF-8 without a header, 30 columns. A file in any other shape is
refused at its first bad line, named, so nothing of it is stored.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from hub_app.core.enums import CORPORATION_CLOSE_CAUSES, CORPORATION_KINDS, CORPORATION_PROCESSES
from hub_app.core.folding import fold
from hub_app.imports.errors import ImportRefused
from hub_app.organizations.names import check_digit, corporate_number_valid

COLUMNS = (
    "sequenceNumber",
    "corporateNumber",
    "process",
    "correct",
    "updateDate",
    "changeDate",
    "name",
    "nameImageId",
    "kind",
    "prefectureName",
    "cityName",
    "streetNumber",
    "addressImageId",
    "prefectureCode",
    "cityCode",
    "postCode",
    "addressOutside",
    "addressOutsideImageId",
    "closeDate",
    "closeCause",
    "successorCorporateNumber",
    "changeCause",
    "assignmentDate",
    "latest",
    "enName",
    "enPrefectureName",
    "enCityName",
    "enAddressOutside",
    "furigana",
    "hihyoji",
)
_AT = {name: index for index, name in enumerate(COLUMNS)}
DELETED = "99"
#: a row that is not the latest state of its corporation (a corrected past record)
HISTORY = "0"


@dataclass(frozen=True)
class Row:
    """One checked line: the values of the `corporations` table, or a deletion."""

    line: int
    number: str
    #: None for process 99 (削除): the corporation leaves the table
    values: dict[str, Any] | None


class Source:
    """One CSV to read: a file on disk or a member of the downloaded zip."""

    def __init__(self, label: str, size: int, opener: Callable[[], IO[bytes]]):
        self.label = label
        self.size = size
        self.open = opener


def sources(path: Path) -> list[Source]:
    """The CSV files of a download: the file itself, or every .csv inside the zip."""
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
        if not members:
            raise ImportRefused(f"{path.name}: zipの中にCSVファイルがありません。")
        return [
            Source(f"{path.name}/{m.filename}", m.file_size, lambda m=m: archive.open(m))
            for m in members
        ]
    return [Source(path.name, path.stat().st_size, lambda: path.open("rb"))]


def _refuse(source: Source, line: int, message: str) -> ImportRefused:
    return ImportRefused(f"{source.label} {line}行目: {message}(何も保存していません)")


def _decoded(source: Source, stream: IO[bytes], progress: Callable[[int], None]) -> Iterator[str]:
    """The file's lines as text; a line that is not UTF-8 is refused by its number."""
    read = 0
    for line, raw in enumerate(stream, start=1):
        read += len(raw)
        if read >= 1 << 20:
            progress(read)
            read = 0
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse(
                source,
                line,
                "文字コードがUTF-8ではありません。法人番号公表サイトの"
                "「Unicode(UTF-8)」のファイルを指定してください",
            ) from None
        yield text.removeprefix("\ufeff") if line == 1 else text
    progress(read)


def _date(source: Source, line: int, column: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _refuse(source, line, f"{column} が日付(YYYY-MM-DD)ではありません: {value}") from None


def _checked(source: Source, line: int, cells: list[str]) -> Row | None:
    if len(cells) != len(COLUMNS):
        raise _refuse(
            source,
            line,
            f"列の数が{len(cells)}です。法人番号公表サイトの形式は{len(COLUMNS)}列です",
        )
    number = cells[1]
    if not corporate_number_valid(number):
        raise _refuse(source, line, f"法人番号 {number} のチェックデジットが正しくありません")
    process = cells[2]
    if process not in CORPORATION_PROCESSES:
        raise _refuse(source, line, f"処理区分 {process} は法人番号公表サイトの区分にありません")
    if process == DELETED:
        return Row(line, number, None)
    kind, name = cells[8], cells[6]
    if kind not in CORPORATION_KINDS:
        raise _refuse(source, line, f"法人種別 {kind} は法人番号公表サイトの種別にありません")
    if not name:
        raise _refuse(source, line, "商号又は名称が空です")
    close_cause = cells[19] or None
    if close_cause is not None and close_cause not in CORPORATION_CLOSE_CAUSES:
        raise _refuse(source, line, f"登記記録の閉鎖等の事由 {close_cause} は区分にありません")
    successor = cells[20] or None
    if successor is not None and not corporate_number_valid(successor):
        raise _refuse(source, line, f"承継先の法人番号 {successor} が正しくありません")
    update_date = _date(source, line, "更新年月日", cells[4])
    change_date = _date(source, line, "変更年月日", cells[5])
    close_date = _date(source, line, "登記記録の閉鎖等年月日", cells[18])
    if cells[23] == HISTORY:
        return None  # checked like the others, but the latest row of the number decides
    furigana = cells[28] or None
    return Row(
        line,
        number,
        {
            "corporate_number": number,
            "name": name[:300],
            "furigana": furigana and furigana[:300],
            "kind": kind,
            "prefecture_name": cells[9][:10] or None,
            "city_name": cells[10][:30] or None,
            "street_number": cells[11][:300] or None,
            "post_code": cells[15][:7] or None,
            "close_date": close_date,
            "close_cause": close_cause,
            "successor_corporate_number": successor,
            "change_date": change_date,
            "update_date": update_date,
            "process": process,
            "name_fold": fold(name)[:300],
            "furigana_fold": fold(furigana)[:300] or None,
        },
    )


def rows(source: Source, progress: Callable[[int], None]) -> Iterator[Row]:
    """The checked rows of one CSV, streamed: memory stays flat whatever its size."""
    with source.open() as stream:
        reader = csv.reader(_decoded(source, stream, progress))
        for cells in reader:
            if not cells:
                continue
            row = _checked(source, reader.line_num, cells)
            if row is not None:
                yield row


def with_check_digit(base: str) -> str:
    """The corporate number of twelve digits: its check digit in front (国税庁の計算方法)."""
    return f"{check_digit(base)}{base}"


def line(number: str, name: str, **values: str) -> list[str]:
    """One row in the download's layout, for generated files (tests, bench): the columns
    by their NTA names (`furigana`, `closeDate`…), the rest as a live 株式会社 row."""
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        sequenceNumber="1",
        corporateNumber=number,
        process="01",
        correct="0",
        updateDate="2024-04-01",
        changeDate="2024-04-01",
        name=name,
        kind="301",
        prefectureName="神奈川県",
        cityName="川崎市中原区",
        streetNumber="小杉町１丁目",
        postCode="2110063",
        assignmentDate="2015-10-05",
        latest="1",
        hihyoji="0",
    )
    cells.update(values)
    return [cells[name] for name in COLUMNS]
