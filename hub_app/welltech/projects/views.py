"""Pages of projects: the record pages (core.pages) and the board by stage."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from hub_app.core import clock, navigation, pages
from hub_app.welltech import common
from hub_app.welltech.models import Project
from hub_app.welltech.projects import queries, services
from hub_app.welltech.projects.forms import ProjectForm

bp = Blueprint("projects", __name__, url_prefix="/projects")
navigation.add("ウェルテック", "プロジェクト", "welltech.projects.index", common.can_read)
navigation.add("ウェルテック", "プロジェクト(ボード)", "welltech.projects.board", common.can_read)


def _options(*_args: object) -> dict:
    return {
        "fiscal_years": common.fiscal_year_options(),
    }


@bp.get("/board")
def board():
    query, sort = queries.SORTS.apply(queries.list_query(request.args), request.args.get("sort"))
    return render_template(
        "welltech/projects/board.html",
        columns=queries.board(query),
        sort=sort,
        sorts=queries.SORTS.labels(),
        **_options(),
    )


PAGES = pages.register(
    bp,
    common.record_pages(
        Project,
        name="project",
        templates=pages.Templates(
            index="welltech/projects/index.html",
            form="welltech/projects/form.html",
            show="welltech/projects/show.html",
        ),
        messages=pages.Messages(
            created="プロジェクト「{r.title}」を登録しました。",
            deleted="プロジェクト「{r.title}」を削除しました。管理者は元に戻せます。",
            restored="プロジェクト「{r.title}」を元に戻しました。",
        ),
        form=ProjectForm,
        create=services.create_project,
        update=services.update_project,
        delete=services.delete_project,
        restore=services.restore_project,
        list_query=queries.list_query,
        sorts=queries.SORTS,
        export_name="projects",
        export_columns=queries.EXPORT_COLUMNS,
        new_form=lambda: ProjectForm(
            started_on=clock.today(),
            lead_organization_id=common.id_arg(request.args, "organization_id"),
        ),
        list_context=_options,
        form_context=_options,
        show_context=queries.related,
    ),
)
