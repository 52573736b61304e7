"""Only a unique-index violation is a duplicate (409); other integrity errors are 422."""

import pytest

from hub_app.core import records
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.organizations.models import Organization


def test_integrity_errors_other_than_duplicates_are_422_not_409(app, make_user):
    actor = make_user("admin", [])
    with pytest.raises(ValidationFailed):
        records.create(actor, Organization(name="名前だけ", name_key="名前だけ", kind=None))
    records.create(actor, Organization(name="一社", name_key="一社", kind="sme"))
    with pytest.raises(Conflict):
        records.create(actor, Organization(name="一社", name_key="一社", kind="sme"))
