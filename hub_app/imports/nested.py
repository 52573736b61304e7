"""Lists inside one cell: an evaluation's measurements and a consultation's activities.

They are read in the format the exports write them (and JSON arrays, as the API takes
them), so an exported file imports again as it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from hub_app.imports.columns import LIST_SEPARATOR, iso_date

NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
#: 重量=12.5kg, 角度=30度(≤45), as evaluations' export writes them
MEASUREMENT = re.compile(
    rf"^(?P<name>.+)=\s*(?P<value>{NUMBER})\s*(?P<unit>[^()]*?)\s*"
    rf"(?:\(\s*(?P<direction>[≤≥<>])=?\s*(?P<threshold>{NUMBER})\s*\))?$"
)
DIRECTIONS = {"≤": "max", "<": "max", "≥": "min", ">": "min"}
#: 2022-04-01 来所して試作品を確認
ACTIVITY = re.compile(r"^(?P<day>\S+)\s+(?P<notes>.+)$", re.DOTALL)


def _json_list(text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except ValueError as error:
        raise ValueError("JSONの配列として読めません。") from error
    if not isinstance(value, list):
        raise ValueError("JSONの配列で入力してください。")
    return value


def parse_measurements(text: str) -> list[Any]:
    """`項目=値単位` items separated by ';', each optionally with `(≤基準値)` or `(≥基準値)`."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        return _json_list(text)
    items = []
    for number, part in enumerate(p for p in LIST_SEPARATOR.split(text) if p):
        found = MEASUREMENT.match(unicodedata.normalize("NFKC", part).strip())
        if found is None:
            raise ValueError(
                f"{number + 1}件目「{part}」は「項目=値単位」の形で書いてください"
                "(例: 重量=12.5kg、基準があれば 重量=12.5kg(≤15))。"
            )
        item = {"name": found["name"].strip(), "value": found["value"]}
        if found["unit"]:
            item["unit"] = found["unit"]
        if found["threshold"] is not None:
            item["threshold"] = found["threshold"]
            item["direction"] = DIRECTIONS[found["direction"]]
        items.append(item)
    return items


def parse_activities(text: str) -> list[dict[str, Any]]:
    """One activity per line, `YYYY-MM-DD 内容`; or a JSON array of {occurred_on, notes}."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        items = _json_list(text)
        if not all(isinstance(i, dict) for i in items):
            raise ValueError('JSONの配列の各要素は {"occurred_on", "notes"} にしてください。')
        return items
    items: list[dict[str, Any]] = []
    for line in text.splitlines():
        found = ACTIVITY.match(line.strip())
        day = iso_date(found["day"]) if found else None
        if day is not None:
            items.append({"occurred_on": day, "notes": found["notes"].strip()})
        elif items:  # a note of several lines goes on
            items[-1]["notes"] += "\n" + line
        else:
            raise ValueError(
                f"「{line.strip()}」は「対応日 内容」の形で、1件ごとに対応日から行を始めてください"
                "(例: 2022-04-01 試作品を確認)。"
            )
    return items


def activities_text(consultation: Any) -> str:
    """A consultation's activities in the cell format `parse_activities` reads, for the
    consultations export."""
    return "\n".join(
        f"{a.occurred_on.isoformat()} {a.notes}"
        for a in sorted(consultation.activities, key=lambda a: (a.occurred_on, a.id or 0))
        if a.deleted_at is None
    )


def measurements_text(evaluation: Any) -> list[str]:
    """An evaluation's figures as `parse_measurements` reads them, thresholds included
    (`重量=12.5kg(≤15)`), for the evaluations export."""
    items = []
    for m in evaluation.measurements:
        text = f"{m.name}={format(m.value.normalize(), 'f')}{m.unit or ''}"
        if m.threshold is not None and m.direction in ("max", "min"):
            sign = "≤" if m.direction == "max" else "≥"
            text += f"({sign}{format(m.threshold.normalize(), 'f')})"
        items.append(text)
    return items
