"""Screen readers read aria-invalid literally: only fields with errors may carry it."""

from tests.factories import post_form


def test_only_fields_with_errors_are_marked_invalid(client, login, make_user):
    login(make_user("staff"))
    page = client.get("/organizations/new").text
    assert 'aria-invalid="None"' not in page and 'aria-describedby="None"' not in page
    assert "aria-invalid" not in page
    refused = post_form(client, "/organizations/new", {"name": "", "kind": "sme"}).text
    assert 'id="name" aria-invalid="true"' in refused or (
        'aria-invalid="true"' in refused and 'aria-describedby="name-errors"' in refused
    )
