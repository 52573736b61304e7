"""Pages of product evaluations: the record pages (core.pages) with the measurement table."""

from __future__ import annotations

from flask import Blueprint, request, url_for

from hub_app.core import clock, navigation, pages
from hub_app.welltech import common
from hub_app.welltech.attachments import queries as attachment_queries
from hub_app.welltech.evaluations import queries, services
from hub_app.welltech.evaluations.forms import EvaluationForm
from hub_app.welltech.models import Evaluation

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")
navigation.add("ウェルテック", "製品評価", "welltech.evaluations.index", common.can_read)

SPARE_ROWS = 3


def _options(*_args: object) -> dict:
    return {"projects": common.project_options(), "fiscal_years": common.fiscal_year_options()}


def _with_spare_rows(form: EvaluationForm) -> EvaluationForm:
    """Blank rows for new figures, so the page works without JavaScript."""
    if not form.is_submitted():
        for _ in range(SPARE_ROWS):
            if len(form.measurements) < form.measurements.max_entries:
                form.measurements.append_entry()
    return form


PAGES = pages.register(
    bp,
    common.record_pages(
        Evaluation,
        name="evaluation",
        templates=pages.Templates(
            index="welltech/evaluations/index.html",
            form="welltech/evaluations/form.html",
            show="welltech/evaluations/show.html",
        ),
        messages=pages.Messages(
            created="製品評価を登録しました。",
            deleted="製品評価を削除しました。管理者は元に戻せます。",
            restored="製品評価を元に戻しました。",
        ),
        form=EvaluationForm,
        create=services.create_evaluation,
        update=services.update_evaluation,
        delete=services.delete_evaluation,
        restore=services.restore_evaluation,
        list_query=queries.list_query,
        sorts=queries.SORTS,
        export_name="evaluations",
        export_columns=queries.EXPORT_COLUMNS,
        new_form=lambda: _with_spare_rows(
            EvaluationForm(
                evaluated_on=clock.today(), project_id=common.id_arg(request.args, "project_id")
            )
        ),
        edit_form=lambda evaluation: _with_spare_rows(EvaluationForm(obj=evaluation)),
        # an evaluation belongs to its project: after deleting one, the project's page
        after_delete=lambda evaluation: url_for(
            "welltech.projects.show", project_id=evaluation.project_id
        ),
        list_context=lambda: {"outside_count": queries.outside_count, **_options()},
        form_context=_options,
        show_context=lambda evaluation: {
            "attachments": attachment_queries.for_owner("evaluation", evaluation.id),
            "attachment_errors": [],
        },
    ),
)
