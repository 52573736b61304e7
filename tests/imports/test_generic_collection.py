"""The importer works for any registered collection: references, dates, `ref`, closed years.

A small partnerships collection stands in for the ones other packages register."""

from datetime import datetime

import pytest
from sqlalchemy import func, select
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Optional

from hub_app.api.resources import COLLECTIONS, Collection
from hub_app.core import records
from hub_app.core.enums import HUBS, PARTNERSHIP_KINDS, choices
from hub_app.core.errors import ValidationFailed
from hub_app.core.export import Column
from hub_app.core.fields import IdField, IsoDateField, not_in_future
from hub_app.core.forms import RecordForm, form_values, validate
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.knic.models import Partnership
from hub_app.kpi.models import FiscalYearClosure
from hub_app.organizations.models import Organization


class PartnershipForm(RecordForm):
    hub = SelectField("拠点", choices=choices(HUBS), default="knic")
    organization_id = IdField("企業・団体", validators=[DataRequired()])
    concluded_on = IsoDateField("締結日", validators=[DataRequired(), not_in_future])
    kind = SelectField("種別", choices=choices(PARTNERSHIP_KINDS))
    summary = TextAreaField("概要", validators=[Optional()])


def _values(form):
    values = form_values(form)
    if db.session.get(Organization, values["organization_id"]) is None:
        raise ValidationFailed("誤り", {"organization_id": ["存在しない企業・団体です。"]})
    return values


def create(actor, form):
    validate(form)
    return records.create(actor, Partnership(**_values(form)))


def update(actor, record, form):
    validate(form)
    return records.update(actor, record, _values(form))


@pytest.fixture
def partnerships(app):
    COLLECTIONS["test_partnerships"] = Collection(
        name="test_partnerships",
        model=Partnership,
        form=PartnershipForm,
        serialize=lambda record, _actor: {"id": record.id},
        list_query=lambda args, actor: select(Partnership),
        can_read=lambda actor, record: True,
        create=create,
        update=update,
        columns=[
            Column("id", "ID", lambda p: p.id),
            Column("hub", "拠点", lambda p: HUBS[p.hub]),
            Column("organization", "企業・団体", lambda p: p.organization.name),
            Column("concluded_on", "締結日", lambda p: p.concluded_on),
            Column("kind", "種別", lambda p: PARTNERSHIP_KINDS[p.kind]),
            Column("ref", "外部参照", lambda p: p.ref),
        ],
    )
    yield "test_partnerships"
    del COLLECTIONS["test_partnerships"]


def total() -> int:
    return db.session.scalar(select(func.count()).select_from(Partnership))


def test_organisations_by_name_number_or_id_and_ref_makes_reimport_idempotent(
    partnerships, make_user, make_organization, write_csv
):
    care = make_organization("株式会社ケアテック", corporate_number="7000012050002")
    other = make_organization("架空電機株式会社", kind="large_company")
    path = write_csv(
        [
            ["拠点", "企業・団体", "締結日", "種別", "外部参照"],
            ["K-NIC", "株式会社ケアテック", "2022/4/1", "連携協定", "P-1"],
            ["knic", "7000012050002", "2022-05-01", "desk", "P-2"],
            ["K-NIC", str(other.id), "2022年6月1日", "パートナー企業", "P-3"],
        ]
    )
    actor = make_user("admin", [])
    first = import_file(partnerships, path, actor)
    assert first.stored and first.created == 3, first.errors
    stored = db.session.scalars(select(Partnership).order_by(Partnership.ref)).all()
    assert [p.organization_id for p in stored] == [care.id, care.id, other.id]
    assert [p.ref for p in stored] == ["P-1", "P-2", "P-3"]
    assert str(stored[0].concluded_on) == "2022-04-01"
    again = import_file(partnerships, path, actor)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert total() == 3


def test_unknown_organisation_future_date_and_closed_year_refused_by_line(
    partnerships, make_user, make_organization, write_csv
):
    make_organization("株式会社ケアテック")
    db.session.add(
        FiscalYearClosure(hub="knic", fiscal_year=2021, closed_at=datetime(2022, 5, 1), snapshot={})
    )
    db.session.commit()
    path = write_csv(
        [
            ["拠点", "企業・団体", "締結日", "種別"],
            ["K-NIC", "株式会社ケアテック", "2022-04-01", "連携協定"],
            ["K-NIC", "存在しない会社", "2022-04-01", "連携協定"],
            ["K-NIC", "株式会社ケアテック", "2999-01-01", "連携協定"],
            ["K-NIC", "株式会社ケアテック", "2021-06-01", "連携協定"],
            ["K-NIC", "株式会社ケアテック", "04/01/2022", "連携協定"],
            ["K-NIC", "株式会社ケアテック", "2022-02-30", "連携協定"],
        ]
    )
    report = import_file(partnerships, path, make_user("admin", []))
    assert not report.stored and total() == 0
    found: dict[int, str] = {}
    for error in report.errors:
        found[error.line] = found.get(error.line, "") + f"[{error.column}] {error.message}"
    assert set(found) == {3, 4, 5, 6, 7}
    assert "[企業・団体]" in found[3] and "存在しない会社" in found[3]
    assert "[締結日]" in found[4] and "未来" in found[4]
    assert "締め" in found[5]
    assert "[締結日]" in found[6] and "YYYY-MM-DD" in found[6]
    assert "2022-02-30" in found[7]


def test_export_with_both_id_and_name_columns_reads_the_id(app):
    """An export with 企業・団体ID and 企業・団体名: the id fills the field, the name is shown."""
    from hub_app.imports.columns import build_schema, map_header

    collection = Collection(
        name="x",
        model=Partnership,
        form=PartnershipForm,
        serialize=lambda record, _actor: {},
        list_query=lambda args, actor: select(Partnership),
        can_read=lambda actor, record: True,
        columns=[
            Column("organization_id", "企業・団体ID", lambda p: p.organization_id),
            Column("organization", "企業・団体名", lambda p: p.organization.name),
            Column("concluded_on", "締結日", lambda p: p.concluded_on),
        ],
    )
    schema = build_schema(collection)
    fields = map_header(schema, ["企業・団体ID", "企業・団体名", "締結日", "ref"])
    assert fields == ["organization_id", None, "concluded_on", "ref"]
