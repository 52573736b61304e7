"""Partnership pages, and the partnerships/matchings sections of an organisation's page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hub_app.core import audit, navigation
from hub_app.core.permissions import can_read_hub, can_see_talents
from hub_app.core.views import export_list, list_page, load, run_form, status_of, wants_deleted
from hub_app.extensions import db
from hub_app.knic.access import can_write_knic, can_write_talents
from hub_app.knic.blueprint import bp
from hub_app.knic.matchings import queries as matching_queries
from hub_app.knic.models import Partnership
from hub_app.knic.partnerships import queries, services
from hub_app.knic.partnerships.forms import PartnershipForm
from hub_app.organizations.views import DETAIL_SECTIONS

navigation.add("K-NIC", "大企業等との連携", "knic.partnerships", lambda u: can_read_hub(u, "knic"))


def _require_writer() -> None:
    if not can_write_knic(current_user):
        abort(403)


@bp.get("/partnerships")
def partnerships():
    return list_page(
        "knic/partnerships/index.html",
        queries.list_query(request.args, include_deleted=wants_deleted()),
        queries.SORTS,
        can_write=can_write_knic(current_user),
    )


@bp.get("/partnerships/export.<any(csv, xlsx):fmt>")
def export_partnerships(fmt: str):
    query = queries.list_query(request.args)
    return export_list(fmt, "partnerships", query, queries.SORTS, queries.EXPORT_COLUMNS)


@bp.route("/partnerships/new", methods=["GET", "POST"])
def new_partnership():
    _require_writer()
    form = PartnershipForm(organization_id=request.args.get("organization_id", type=int))
    if form.is_submitted():
        record = run_form(form, lambda: services.create_partnership(current_user, form))
        if record is not None:
            flash("連携を登録しました。", "success")
            return redirect(url_for(".partnership", partnership_id=record.id))
    return (
        render_template("knic/partnerships/form.html", form=form, partnership=None),
        status_of(form),
    )


@bp.get("/partnerships/<int:partnership_id>")
def partnership(partnership_id: int):
    record = load(Partnership, partnership_id)
    return render_template(
        "knic/partnerships/show.html",
        partnership=record,
        can_write=can_write_knic(current_user),
        history=audit.history("partnership", record.id),
    )


@bp.route("/partnerships/<int:partnership_id>/edit", methods=["GET", "POST"])
def edit_partnership(partnership_id: int):
    _require_writer()
    record = load(Partnership, partnership_id)
    form = PartnershipForm(obj=record)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_partnership(current_user, record, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".partnership", partnership_id=record.id))
    return (
        render_template("knic/partnerships/form.html", form=form, partnership=record),
        status_of(form),
    )


@bp.post("/partnerships/<int:partnership_id>/delete")
def delete_partnership(partnership_id: int):
    _require_writer()
    record = load(Partnership, partnership_id)
    services.delete_partnership(current_user, record)
    db.session.commit()
    flash("連携を削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".partnerships"))


@bp.post("/partnerships/<int:partnership_id>/restore")
def restore_partnership(partnership_id: int):
    record = load(Partnership, partnership_id)
    services.restore_partnership(current_user, record)
    db.session.commit()
    flash("連携を元に戻しました。", "success")
    return redirect(url_for(".partnership", partnership_id=record.id))


def _partnerships_section(organization: Any, user: Any) -> dict | None:
    if not can_read_hub(user, "knic"):
        return None
    rows = queries.of_organization(organization)
    if not rows and organization.kind == "startup":
        return None  # startups are K-NIC's matching partners, not its network partners
    return {
        "organization": organization,
        "partnerships": rows,
        "can_write": can_write_knic(user),
    }


def _matchings_section(organization: Any, user: Any) -> dict | None:
    if not can_read_hub(user, "knic"):
        return None
    rows = matching_queries.of_organization(organization)
    if not rows and organization.kind != "startup":
        return None
    return {
        "organization": organization,
        "matchings": rows,
        "can_see": can_see_talents(user),
        "can_write": can_write_talents(user),
    }


DETAIL_SECTIONS.append(
    ("大企業等との連携(K-NIC)", "knic/partnerships/_section.html", _partnerships_section)
)
DETAIL_SECTIONS.append(("マッチング(K-NIC)", "knic/matchings/_section.html", _matchings_section))
