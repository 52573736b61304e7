"""The audit trail: a row for every change, in the change's transaction, never edited."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from hub_app.core import audit
from hub_app.core.audit import AuditEntry
from hub_app.core.errors import Conflict
from hub_app.core.forms import form_from_mapping
from hub_app.extensions import db
from hub_app.organizations import services
from hub_app.organizations.forms import OrganizationForm
from hub_app.organizations.models import Organization
from tests.factories import post_form


def _entries(entity: str = "organization") -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
        )
    )


def test_create_update_delete_restore_each_audited_with_field_diff(app, client, login, make_user):
    admin = make_user("admin", [])
    login(admin)
    created = post_form(
        client, "/organizations/new", {"name": "監査テスト株式会社", "kind": "sme", "in_city": "y"}
    )
    organization = db.session.scalars(select(Organization)).one()
    assert created.headers["Location"] == f"/organizations/{organization.id}"
    post_form(
        client,
        f"/organizations/{organization.id}/edit",
        {"name": "監査テスト株式会社", "kind": "startup", "in_city": "y", "name_kana": "カンサ"},
    )
    unchanged = post_form(
        client,
        f"/organizations/{organization.id}/edit",
        {"name": "監査テスト株式会社", "kind": "startup", "in_city": "y", "name_kana": "カンサ"},
    )
    assert unchanged.status_code == 302
    post_form(
        client, f"/organizations/{organization.id}/delete", {}, f"/organizations/{organization.id}"
    )
    post_form(
        client, f"/organizations/{organization.id}/restore", {}, f"/organizations/{organization.id}"
    )

    entries = _entries()
    assert [e.action for e in entries] == ["create", "update", "delete", "restore"]
    assert {e.user_id for e in entries} == {admin.id}
    assert {e.entity_id for e in entries} == {organization.id}
    assert entries[0].changes["in_city"] == [None, True]
    assert entries[1].changes == {"kind": ["sme", "startup"], "name_kana": [None, "カンサ"]}
    assert all(e.remote_addr == "127.0.0.1" for e in entries)

    page = client.get(f"/organizations/{organization.id}")
    assert (
        "変更履歴" in page.text and "復元" in page.text and "中小企業 → スタートアップ" in page.text
    )


def test_audit_row_rolled_back_with_a_failed_change(app, make_user, make_organization):
    """A change refused after its audit row was added leaves neither behind."""
    make_organization("先にある会社", corporate_number="7000012050002")
    actor = make_user("staff")
    before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    form = form_from_mapping(OrganizationForm, {"name": "新しい会社", "kind": "sme"})
    with app.test_request_context(method="POST"):
        services.create_organization(actor, form)  # flushed: row and audit row pending
        clash = form_from_mapping(
            OrganizationForm,
            {"name": "別の会社", "kind": "sme", "corporate_number": "7000012050002"},
        )
        with pytest.raises(Conflict):
            services.create_organization(actor, clash)
        db.session.rollback()  # what the view does with any refusal
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == before
    assert db.session.scalars(select(Organization.name)).all() == ["先にある会社"]


def test_duplicate_refusal_through_the_page_stores_no_audit_row(client, login, make_user):
    login(make_user("staff"))
    post_form(client, "/organizations/new", {"name": "株式会社ダブり", "kind": "sme"})
    refused = post_form(client, "/organizations/new", {"name": "ダブり", "kind": "sme"})
    assert refused.status_code == 409
    assert [e.action for e in _entries()] == ["create"]


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_audit_log_is_append_only_in_the_database(app, make_user, statement):
    entry = audit.write("login", make_user("staff"), "user", 1)
    db.session.commit()
    query = (
        update(AuditEntry).where(AuditEntry.id == entry.id).values(action="forged")
        if statement == "update"
        else delete(AuditEntry).where(AuditEntry.id == entry.id)
    )
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(query)
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).action == "login"


def test_audit_log_refuses_raw_sql_too(app, make_user):
    audit.write("login", make_user("staff"), "user", 1)
    db.session.commit()
    with pytest.raises(DatabaseError):
        db.session.execute(text("DELETE FROM audit_log"))
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) >= 1


def test_admin_audit_page_filters(client, login, make_user):
    admin = make_user("admin", [])
    login(admin)
    post_form(client, "/organizations/new", {"name": "絞り込み株式会社", "kind": "sme"})
    page = client.get("/admin/audit?action=create&entity=organization")
    assert page.status_code == 200 and "企業・団体 #" in page.text
    assert "サインイン" not in page.text.split("<tbody>")[1]
    logins = client.get(f"/admin/audit?action=login&user_id={admin.id}")
    assert "サインイン" in logins.text.split("<tbody>")[1]
    assert client.get("/admin/audit?since=not-a-date&user_id=x").status_code == 200
    assert client.get("/admin/audit?since=2000-01-01&until=2000-01-02").status_code == 200


def test_history_reads_in_japanese():
    from hub_app.core import audit_display

    assert audit_display.field_label("organization", "in_city") == "市内"
    assert audit_display.value_label("organization", "kind", "startup") == "スタートアップ"
    assert audit_display.value_label("organization", "in_city", False) == "いいえ"
    assert audit_display.value_label("user", "hubs", ["knic", "welltech"]) == "K-NIC、ウェルテック"
    assert audit_display.value_label("organization", "skills_wanted", []) == "—"
    audit_display.register("gadget", {"colour": "色"}, {"colour": {"red": "赤"}})
    assert audit_display.field_label("gadget", "colour") == "色"
    assert audit_display.value_label("gadget", "colour", "red") == "赤"
    assert audit_display.field_label("gadget", "unknown_field") == "unknown_field"


def test_audit_period_is_whole_japanese_days(client, login, make_user):
    from datetime import datetime

    admin = make_user("admin", [])
    # 2024-04-01 08:30 JST is 2024-03-31 23:30 UTC
    entry = audit.write("login", admin, "user", admin.id, note="period-probe")
    entry.occurred_at = datetime(2024, 3, 31, 23, 30)
    db.session.commit()
    login(admin)
    same_day = client.get("/admin/audit?since=2024-04-01&until=2024-04-01")
    assert "period-probe" in same_day.text
    day_before = client.get("/admin/audit?until=2024-03-31")
    assert "period-probe" not in day_before.text


def test_masked_changes_still_show():
    from hub_app.core.audit_display import is_change

    assert not is_change([None, []]) and not is_change(["", None])
    assert is_change(["(非表示)", "(非表示)"]) and is_change([None, False])
