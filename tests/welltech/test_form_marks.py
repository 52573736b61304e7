"""Forms say up front which choices must be made, and mark only wrong cells as invalid."""

from __future__ import annotations

import re


def _label_line(page: str, field_id: str) -> str:
    found = re.search(rf'<label for="{field_id}">.*?</div>', page, re.S)
    assert found, field_id
    return found.group(0)


def test_consultation_form_marks_every_required_choice(client, login, staff):
    """種別・受付方法・テーマ are refused when empty, so the page marks them 必須 beforehand."""
    login(staff)
    page = client.get("/welltech/consultations/new").text
    for field_id in ("kind", "channel", "topic"):
        assert "必須" in _label_line(page, field_id)
    # the id pickers keep 必須 on the label's line (not wrapped under it)
    assert "必須" in _label_line(page, "organization_id")
    assert "必須" not in _label_line(page, "summary")


def test_invitation_and_project_forms_mark_required_choices(client, login, staff):
    login(staff)
    invitation = client.get("/welltech/invitations/new").text
    assert "必須" in _label_line(invitation, "method")
    project = client.get("/welltech/projects/new").text
    for field_id in ("kind", "product_category", "stage"):
        assert "必須" in _label_line(project, field_id)


def test_measurement_cells_are_not_announced_invalid_before_any_error(client, login, staff):
    login(staff)
    page = client.get("/welltech/evaluations/new").text
    cell = re.search(r"<input[^>]*measurements-0-value[^>]*>", page).group(0)
    assert "aria-invalid" not in cell


def test_project_page_registers_a_consultation_already_linked_to_it(
    client, login, staff, make_project
):
    """From a project, 相談を登録 opens the form with the project and its lead company chosen."""
    project = make_project()
    login(staff)
    page = client.get(f"/welltech/projects/{project.id}").text
    link = re.search(r'href="(/welltech/consultations/new\?[^"]+)"', page)
    assert link and "このプロジェクトの相談を登録" in page
    form = client.get(link.group(1).replace("&amp;", "&")).text

    def chosen(select_id: str) -> str:
        block = form[form.index(f'id="{select_id}"') :]
        return re.search(r'<option value="(\d+)" selected>', block[: block.index("</select>")])[1]

    assert chosen("project_id") == str(project.id)
    assert chosen("organization_id") == str(project.lead_organization_id)


def test_partner_picker_can_be_searched_as_you_type(client, login, staff, make_organization):
    """A project's partners are picked among every organisation: the organisation picker
    (a live search with JavaScript) holds several, and the page does not list them all."""
    for n in range(30):
        make_organization(f"連携候補{n}")
    login(staff)
    page = client.get("/welltech/projects/new").text
    start = page.index('<select id="partner_ids" name="partner_ids" multiple')
    assert (
        'data-organization-picker="/organizations/picker"'
        in page[page.rindex('<div class="field', 0, start) : start]
    )
    assert "<option" not in page[start : page.index("</select>", start)]
    assert "連携候補" not in page
    assert "/static/js/organization-picker.js" in page


def test_threshold_direction_stays_readable(app):
    """「以下であること」 was cut to 「以下であ」 in the measurement table."""
    from pathlib import Path

    css = (Path(app.static_folder) / "css" / "app.css").read_text(encoding="utf-8")
    assert re.search(r"\.measurements select \{ min-width: [\d.]+rem; \}", css)
