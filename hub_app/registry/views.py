"""Pages of the registry's upkeep: the registry check, the NTA lookup, merging."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from hub_app.core import navigation
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.permissions import can_read_registry, can_write_registry, is_admin
from hub_app.core.views import load
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.registry import check as registry_check
from hub_app.registry import corporations, merge
from hub_app.registry.forms import MergeForm

bp = Blueprint("registry", __name__, url_prefix="/registry")
navigation.add("共通", "登記の確認", "registry.check", can_write_registry)


@bp.before_request
@login_required
def require_registry_access():
    if not can_read_registry(current_user):
        abort(403)


def _refused(error: ValidationFailed | Conflict) -> None:
    db.session.rollback()
    messages = [m for ms in (error.errors or {}).values() for m in ms] or [error.message]
    for message in dict.fromkeys(messages):
        flash(message, "error")


@bp.get("/check")
def check():
    if not can_write_registry(current_user):
        abort(403)
    return render_template("registry/check.html", findings=registry_check.findings())


@bp.post("/check/<int:organization_id>")
def apply(organization_id: int):
    organization = load(Organization, organization_id)
    try:
        changes = registry_check.apply_nta(current_user, organization)
    except (ValidationFailed, Conflict) as error:
        _refused(error)
        return redirect(url_for(".check"))
    db.session.commit()
    done = "を更新しました" if changes else "を確認済みにしました(変更はありません)"
    flash(f"「{organization.name}」{done}。", "success")
    return redirect(url_for(".check"))


@bp.get("/corporations")
def lookup():
    """The lookup without JavaScript: search, then register from a candidate."""
    typed = request.args.get("q", "")
    return render_template(
        "registry/corporations.html",
        typed=typed,
        found=corporations.lookup(typed, 20),
        too_short=0 < len(typed.strip()) < corporations.MIN_TYPED,
    )


@bp.get("/corporations.json")
def lookup_json():
    """The organisation form's suggestions (static/js/corporation-lookup.js)."""
    found = corporations.lookup(request.args.get("q", "")[:200], 8)
    return jsonify({"items": [corporations.as_json(c) for c in found], "total": len(found)})


def _admin() -> None:
    if not is_admin(current_user):
        abort(403)


@bp.get("/merge/<int:organization_id>")
def merge_choose(organization_id: int):
    _admin()
    source = load(Organization, organization_id)
    typed = request.args.get("q", "")
    return render_template(
        "registry/merge_choose.html",
        source=source,
        typed=typed,
        found=merge.candidates(source, typed) if not source.is_deleted else [],
    )


@bp.route("/merge/<int:organization_id>/into/<int:target_id>", methods=["GET", "POST"])
def merge_preview(organization_id: int, target_id: int):
    _admin()
    source, target = load(Organization, organization_id), load(Organization, target_id)
    try:
        preview = merge.preview(current_user, source, target)
    except ValidationFailed as error:
        _refused(error)
        return redirect(url_for(".merge_choose", organization_id=source.id))
    form = MergeForm(data={name: default for name, _l, _k, _m, default in preview.fields})
    if form.validate_on_submit() and not preview.blockers:
        choices = {name: form[name].data for name in merge.FIELDS}
        keep = {
            clash.key: int(request.form.get(f"keep_{clash.key}", "0") or 0)
            for clash in preview.conflicts
            if clash.key is not None and request.form.get(f"keep_{clash.key}", "").isdigit()
        }
        try:
            survivor = merge.merge_organizations(current_user, source, target, choices, keep)
        except (ValidationFailed, Conflict) as error:
            _refused(error)
        else:
            db.session.commit()
            flash(
                f"「{source.name}」を「{survivor.name}」に統合しました"
                f"({preview.total}件の記録を付け替えました)。",
                "success",
            )
            return redirect(url_for("organizations.show", organization_id=survivor.id))
    return render_template("registry/merge_preview.html", preview=preview, form=form)
