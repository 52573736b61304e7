"""Fiscal years and eras (DESIGN §2): pure functions, no app."""

from datetime import date

import pytest

from hub_app.core.fiscal import (
    elapsed_share,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_short,
    fiscal_year_start,
    japanese_date,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2023, 3, 31), 2022),
        (date(2023, 4, 1), 2023),
        (date(2022, 4, 1), 2022),
        (date(2023, 1, 1), 2022),
        (date(2022, 12, 31), 2022),
        (date(2020, 2, 29), 2019),
    ],
)
def test_fiscal_year_turns_on_1_april(day, year):
    assert fiscal_year(day) == year


def test_first_and_last_day():
    assert fiscal_year_start(2022) == date(2022, 4, 1)
    assert fiscal_year_end(2022) == date(2023, 3, 31)
    assert fiscal_year(fiscal_year_start(2022)) == fiscal_year(fiscal_year_end(2022)) == 2022


@pytest.mark.parametrize(
    ("year", "text", "short"),
    [
        (2022, "令和4年度", "R4"),
        (2020, "令和2年度", "R2"),
        (2019, "令和元年度", "R1"),
        (2018, "平成30年度", "H30"),
        (1989, "平成元年度", "H1"),
        (1988, "昭和63年度", "S63"),
    ],
)
def test_fiscal_year_labels(year, text, short):
    assert fiscal_year_label(year) == text
    assert fiscal_year_short(year) == short


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2023, 3, 31), "令和5年3月31日"),
    ],
)
def test_japanese_date_uses_the_era_in_force_that_day(day, text):
    assert japanese_date(day) == text


def test_elapsed_share_of_a_year():
    assert elapsed_share(2022, date(2022, 3, 31)) == 0.0
    assert elapsed_share(2022, date(2022, 4, 1)) == pytest.approx(1 / 365)
    assert elapsed_share(2022, date(2022, 9, 30)) == pytest.approx(183 / 365)
    assert elapsed_share(2022, date(2023, 3, 31)) == 1.0
    assert elapsed_share(2022, date(2024, 1, 1)) == 1.0
