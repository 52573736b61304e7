"""Fiscal years (April–March) and Japanese era labels, DESIGN §2."""

from __future__ import annotations

from datetime import date

# (first day of the era, name). Ordered newest first.
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 1, 25), "明治"),
)


#: the fiscal years the system accepts anywhere (plans, budgets, filters, URLs)
FIRST_FISCAL_YEAR = 2000
LAST_FISCAL_YEAR = 2100
#: says the range, not "four digits": 1989 has four digits and is still refused
FISCAL_YEAR_RANGE = (
    f"年度は{FIRST_FISCAL_YEAR}〜{LAST_FISCAL_YEAR}の西暦で指定してください(例: 2022)。"
)


def parse_fiscal_year(raw: str) -> int | None:
    """A fiscal year from a query string or URL, or None when it is not one in range."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 4:
        return None
    year = int(raw)
    return year if FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR else None


def fiscal_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_start(year: int) -> date:
    return date(year, 4, 1)


def fiscal_year_end(year: int) -> date:
    return date(year + 1, 3, 31)


def _era_year(name: str, number: int) -> str:
    return f"{name}{'元' if number == 1 else number}"


def fiscal_year_label(year: int) -> str:
    """令和4年度 for 2022: the latest era whose first year is not after the FY's start year.

    So FY2019 is 令和元年度 although April 2019 still lay in 平成: the reports name it that way.
    """
    for start, name in ERAS:
        if start.year <= year:
            return _era_year(name, year - start.year + 1) + "年度"
    raise ValueError(f"no era for fiscal year {year}")


def fiscal_year_short(year: int) -> str:
    """R4 for 2022, the column heading the published multi-year tables use."""
    letters = {"令和": "R", "平成": "H", "昭和": "S", "大正": "T", "明治": "M"}
    for start, name in ERAS:
        if start.year <= year:
            return f"{letters[name]}{year - start.year + 1}"
    raise ValueError(f"no era for fiscal year {year}")


def japanese_date(day: date) -> str:
    """2019-04-30 → 平成31年4月30日, 2019-05-01 → 令和元年5月1日: the era in force that day."""
    for start, name in ERAS:
        if day >= start:
            return f"{_era_year(name, day.year - start.year + 1)}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def elapsed_share(year: int, today: date) -> float:
    """Share of fiscal year `year` that has passed by the end of `today` (0.0 … 1.0)."""
    start, end = fiscal_year_start(year), fiscal_year_end(year)
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)
