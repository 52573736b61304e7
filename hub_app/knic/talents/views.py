"""Talent pages: the record pages (core.pages), and erasure (anonymise)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user

from hub_app.auth import reauth
from hub_app.core import audit, navigation, pages
from hub_app.core.permissions import can_see_talent_contacts, can_see_talents
from hub_app.core.views import load
from hub_app.extensions import db
from hub_app.knic.access import can_write_talents
from hub_app.knic.blueprint import bp
from hub_app.knic.models import Talent
from hub_app.knic.talents import queries, services
from hub_app.knic.talents.forms import TalentForm

navigation.add("K-NIC", "副業・兼業人材", "knic.talents", can_see_talents)


def _log_export(fmt: str, columns: list) -> None:
    services.log_export(
        current_user, "talent", fmt, request.args.to_dict(), [c.code for c in columns]
    )


def _show_context(record: Talent) -> dict:
    return {
        "show_contacts": can_see_talent_contacts(current_user),
        "events": queries.attended(record),
        "matchings": queries.matchings_of(record),
        "history": queries.visible_history(
            audit.history("talent", record.id), record, current_user
        ),
    }


PAGES = pages.register(
    bp,
    pages.RecordPages(
        name="talent",
        model=Talent,
        url="/talents",
        endpoints=pages.Endpoints.shared_blueprint("talent", "talents"),
        templates=pages.Templates(
            index="knic/talents/index.html",
            form="knic/talents/form.html",
            show="knic/talents/show.html",
        ),
        messages=pages.Messages(
            created="「{r.full_name}」さんを登録しました。",
            deleted="「{r.full_name}」さんを削除しました。管理者は元に戻せます。",
            restored="「{r.full_name}」さんを元に戻しました。",
        ),
        form=TalentForm,
        create=services.create_talent,
        update=services.update_talent,
        delete=services.delete_talent,
        restore=services.restore_talent,
        list_query=lambda args, include_deleted=False: queries.list_query(
            args, current_user, include_deleted=include_deleted
        ),
        sorts=queries.SORTS,
        export_name="talents",
        export_columns=lambda: queries.export_columns(current_user),
        on_export=_log_export,
        can_read=can_see_talents,
        can_write=lambda user, _record: can_write_talents(user),
        list_context=lambda: {
            "employers": queries.employers(),
            "show_contacts": can_see_talent_contacts(current_user),
        },
        show_context=_show_context,
    ),
)


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
