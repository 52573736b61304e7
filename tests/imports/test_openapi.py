"""The OpenAPI document describes exactly what /api/v1 serves."""

import re

from openapi_spec_validator import validate
from wtforms import DecimalField, FieldList, Form, FormField, StringField

from hub_app.api.openapi.collections import form_schema
from hub_app.core.forms import RecordForm

PARAMETER = re.compile(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>")


def served(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = PARAMETER.sub(r"{\1}", rule.rule[len("/api/v1") :])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def test_document_is_public_valid_and_lists_every_served_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    validate(document)
    documented = {(p, m) for p, methods in document["paths"].items() for m in methods}
    assert served(app) == documented


def test_collection_fields_enums_and_errors(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    organization = schemas["Organizations"]["properties"]
    assert organization["kind"]["enum"][:2] == ["sme", "startup"]
    assert organization["in_city"]["type"] == "boolean"
    assert organization["skills_wanted"]["items"]["enum"][0] == "management"
    assert organization["created_at"]["format"] == "date-time"
    assert schemas["OrganizationsCreate"]["required"] == ["name", "kind"]
    create = document["paths"]["/organizations"]["post"]
    assert set(create["responses"]) == {"201", "400", "401", "403", "409", "422", "429"}
    assert create["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert document["paths"]["/health"]["get"]["security"] == []


def test_documented_fields_are_those_served(api, make_user):
    client = api(make_user("staff"))
    created = client.post("/api/v1/organizations", json={"name": "架空商会", "kind": "sme"}).json
    document = client.get("/api/v1/openapi.json").json
    assert set(created) == set(document["components"]["schemas"]["Organizations"]["properties"])


class Figure(Form):
    name = StringField("名称")
    value = DecimalField("値")


class NestedForm(RecordForm):
    measurements = FieldList(FormField(Figure))
    notes = FieldList(StringField("メモ"))


def test_nested_lists_are_described_item_by_item(app):
    """Evaluations carry measurements inside: the document shows their fields."""
    schema, _required = form_schema(NestedForm(formdata=None, meta={"csrf": False}))
    measurements = schema["properties"]["measurements"]
    assert measurements["type"] == "array"
    assert measurements["items"]["properties"]["value"]["type"] == "number"
    assert schema["properties"]["notes"]["items"]["type"] == "string"
