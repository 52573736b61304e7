"""Talent pages: list, export, register, edit, delete, erase (anonymise)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hub_app.auth import reauth
from hub_app.core import audit, navigation
from hub_app.core.permissions import can_see_talent_contacts, can_see_talents
from hub_app.core.views import (
    export_list,
    list_page,
    load,
    run_form,
    status_of,
    wants_deleted,
)
from hub_app.extensions import db
from hub_app.knic.access import can_write_talents
from hub_app.knic.blueprint import bp
from hub_app.knic.models import Talent
from hub_app.knic.talents import queries, services
from hub_app.knic.talents.forms import TalentForm

navigation.add("K-NIC", "副業・兼業人材", "knic.talents", can_see_talents)


def _require_reader() -> None:
    if not can_see_talents(current_user):
        abort(403)


def _require_writer() -> None:
    if not can_write_talents(current_user):
        abort(403)


@bp.get("/talents")
def talents():
    _require_reader()
    return list_page(
        "knic/talents/index.html",
        queries.list_query(request.args, current_user, include_deleted=wants_deleted()),
        queries.SORTS,
        employers=queries.employers(),
        show_contacts=can_see_talent_contacts(current_user),
    )


@bp.get("/talents/export.<any(csv, xlsx):fmt>")
def export_talents(fmt: str):
    _require_reader()
    columns = queries.export_columns(current_user)
    services.log_export(
        current_user, "talent", fmt, request.args.to_dict(), [c.code for c in columns]
    )
    db.session.commit()
    query = queries.list_query(request.args, current_user)
    return export_list(fmt, "talents", query, queries.SORTS, columns)


@bp.route("/talents/new", methods=["GET", "POST"])
def new_talent():
    _require_writer()
    form = TalentForm()
    if form.is_submitted():
        talent = run_form(form, lambda: services.create_talent(current_user, form))
        if talent is not None:
            flash(f"「{talent.full_name}」さんを登録しました。", "success")
            return redirect(url_for(".talent", talent_id=talent.id))
    return render_template("knic/talents/form.html", form=form, talent=None), status_of(form)


@bp.get("/talents/<int:talent_id>")
def talent(talent_id: int):
    _require_reader()
    record = load(Talent, talent_id)
    return render_template(
        "knic/talents/show.html",
        talent=record,
        show_contacts=can_see_talent_contacts(current_user),
        can_write=can_write_talents(current_user),
        events=queries.attended(record),
        matchings=queries.matchings_of(record),
        history=queries.visible_history(audit.history("talent", record.id), record, current_user),
    )


@bp.route("/talents/<int:talent_id>/edit", methods=["GET", "POST"])
def edit_talent(talent_id: int):
    _require_writer()
    record = load(Talent, talent_id)
    form = TalentForm(obj=record)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_talent(current_user, record, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".talent", talent_id=record.id))
    return render_template("knic/talents/form.html", form=form, talent=record), status_of(form)


@bp.post("/talents/<int:talent_id>/delete")
def delete_talent(talent_id: int):
    _require_writer()
    record = load(Talent, talent_id)
    services.delete_talent(current_user, record)
    db.session.commit()
    flash(f"「{record.full_name}」さんを削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".talents"))


@bp.post("/talents/<int:talent_id>/restore")
def restore_talent(talent_id: int):
    record = load(Talent, talent_id)
    services.restore_talent(current_user, record)
    db.session.commit()
    flash(f"「{record.full_name}」さんを元に戻しました。", "success")
    return redirect(url_for(".talent", talent_id=record.id))


@bp.post("/talents/<int:talent_id>/anonymize")
@reauth.required  # erasure cannot be undone: password (and code) again first
def anonymize_talent(talent_id: int):
    record = load(Talent, talent_id)
    services.anonymize_talent(current_user, record)
    db.session.commit()
    flash(
        "匿名化しました。氏名・カナ・連絡先・備考を消去し、参加記録とマッチングは残しています。",
        "success",
    )
    return redirect(url_for(".talent", talent_id=record.id))
