"""Matching pages: list, board by stage, register, edit, move to a stage, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hub_app.consultations import queries as consultation_queries
from hub_app.core import navigation, pages
from hub_app.core.permissions import can_read_hub, can_see_talents, can_write_hub
from hub_app.core.views import (
    load,
    run_form,
    status_of,
)
from hub_app.knic.access import can_write_talents
from hub_app.knic.blueprint import bp
from hub_app.knic.matchings import queries, services
from hub_app.knic.matchings.forms import NEXT_STAGES, MatchingForm, MoveForm
from hub_app.knic.models import Matching
from hub_app.knic.talents.services import log_export

navigation.add("K-NIC", "マッチング", "knic.matching_board", lambda u: can_read_hub(u, "knic"))


def _require_writer() -> None:
    if not can_write_talents(current_user):
        abort(403)


def _context() -> dict:
    return {"can_see": can_see_talents(current_user), "can_write": can_write_talents(current_user)}


def _list_context() -> dict:
    return _context()


def _log_export(fmt: str, columns: list) -> None:
    log_export(current_user, "matching", fmt, request.args.to_dict(), [c.code for c in columns])


def _clash(form: MatchingForm, record: Matching | None) -> Matching | None:
    """The open matching a refused form collides with, so the page can link to it."""
    if status_of(form) != 409 or not form.talent_id.data or not form.organization_id.data:
        return None
    return services.open_matching(
        form.talent_id.data, form.organization_id.data, record.id if record else None
    )


@bp.get("/matchings/board")
def matching_board():
    return render_template(
        "knic/matchings/board.html",
        columns=queries.board(request.args, current_user),
        next_stages=NEXT_STAGES,
        **_list_context(),
    )


PAGES = pages.register(
    bp,
    pages.RecordPages(
        name="matching",
        model=Matching,
        url="/matchings",
        endpoints=pages.Endpoints.shared_blueprint("matching", "matchings"),
        templates=pages.Templates(
            index="knic/matchings/index.html",
            form="knic/matchings/form.html",
            show="knic/matchings/show.html",
        ),
        messages=pages.Messages(
            created="マッチング候補を登録しました。",
            deleted="マッチングを削除しました。管理者は元に戻せます。",
            restored="マッチングを元に戻しました。",
        ),
        form=MatchingForm,
        create=services.create_matching,
        update=services.update_matching,
        delete=services.delete_matching,
        restore=services.restore_matching,
        list_query=lambda args, include_deleted=False: queries.list_query(
            args, current_user, include_deleted=include_deleted
        ),
        sorts=queries.SORTS,
        export_name="matchings",
        export_columns=lambda: queries.export_columns(current_user),
        on_export=_log_export,
        can_write=lambda user, _record: can_write_talents(user),
        new_form=lambda: MatchingForm(
            talent_id=request.args.get("talent_id", type=int),
            organization_id=request.args.get("organization_id", type=int),
        ),
        list_context=_list_context,
        form_context=lambda form, record: {"existing": _clash(form, record)},
        show_context=lambda record: {
            "move_form": MoveForm(stage=(NEXT_STAGES[record.stage] or (record.stage,))[0]),
            "next_stages": NEXT_STAGES,
            "consultations": consultation_queries.of_matching(record.id),
            "can_write_consultations": can_write_hub(current_user, "knic"),
            **_context(),
        },
    ),
)


@bp.route("/matchings/<int:matching_id>/move", methods=["GET", "POST"])
def move_matching(matching_id: int):
    _require_writer()
    record = load(Matching, matching_id)
    following = NEXT_STAGES[record.stage]
    form = MoveForm(stage=following[0] if following else record.stage)
    form.stage.choices = [(s, services.MATCHING_STAGES[s]) for s in following]
    if form.is_submitted():
        moved = run_form(form, lambda: services.move_matching(current_user, record, form))
        if moved is not None:
            stage = services.MATCHING_STAGES[record.stage]
            flash(f"「{stage}」に移しました。", "success")
            target = request.form.get("next", "")
            if target == "board":
                return redirect(url_for(".matching_board"))
            return redirect(url_for(".matching", matching_id=record.id))
    return (
        render_template(
            "knic/matchings/move.html",
            form=form,
            matching=record,
            following=following,
            **_context(),
        ),
        status_of(form),
    )
