"""Fixtures of the yearly report's tests: the demo year, closing a programme's year."""

from __future__ import annotations

import pytest

from hub_app.core.forms import form_from_mapping
from hub_app.demo import load_demo_data
from hub_app.extensions import db
from hub_app.kpi import closures
from hub_app.kpi.forms import CloseYearForm


@pytest.fixture
def demo(app):
    """The README's demo data: FY2022 reproduces the published tables, with report drafts."""
    assert "デモデータを入れました" in load_demo_data()
    db.session.commit()


@pytest.fixture
def close_year():
    def close(actor, programme: str, year: int = 2022):
        form = form_from_mapping(CloseYearForm, {"programme": programme, "fiscal_year": year})
        closure = closures.close_year(actor, form)
        db.session.commit()
        return closure

    return close
