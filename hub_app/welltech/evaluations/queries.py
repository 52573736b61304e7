"""Reading evaluations: the filtered list (Welltech projects only) and its export."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload

from hub_app.core.enums import (
    EVALUATION_ASPECTS,
    EVALUATION_METHODS,
    EVALUATION_RESULTS,
    EVALUATION_SETTINGS,
    label,
)
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, search_clause
from hub_app.welltech.common import HUB, fiscal_year_clause, id_arg
from hub_app.welltech.models import Evaluation, Project

SORTS = Sorts(
    {
        "newest": ("評価日の新しい順", [Evaluation.evaluated_on.desc(), Evaluation.id.desc()]),
        "oldest": ("評価日の古い順", [Evaluation.evaluated_on, Evaluation.id]),
        "project": ("プロジェクト名順", [Project.title, Evaluation.evaluated_on, Evaluation.id]),
    }
)


def list_query(args: Mapping[str, str], include_deleted: bool = False) -> Select[Any]:
    query = (
        select(Evaluation)
        .join(Evaluation.project)
        .options(
            contains_eager(Evaluation.project).joinedload(Project.lead_organization),
            selectinload(Evaluation.measurements),
        )
        .where(Project.hub == HUB, Project.deleted_at.is_(None))
    )
    if include_deleted:
        query = query.where(Evaluation.deleted_at.is_not(None))
    else:
        query = query.where(Evaluation.deleted_at.is_(None))
    clause = search_clause(args.get("q", "").strip(), Evaluation.summary, Project.title)
    if clause is not None:
        query = query.where(clause)
    year = fiscal_year_clause(Evaluation.evaluated_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    for name, mapping in (
        ("aspect", EVALUATION_ASPECTS),
        ("setting", EVALUATION_SETTINGS),
        ("method", EVALUATION_METHODS),
        ("result", EVALUATION_RESULTS),
    ):
        if args.get(name) in mapping:
            query = query.where(getattr(Evaluation, name) == args[name])
    project_id = id_arg(args, "project_id")
    if project_id is not None:
        query = query.where(Evaluation.project_id == project_id)
    return query


def outside_count(evaluation: Evaluation) -> int:
    return sum(1 for m in evaluation.measurements if m.within_threshold is False)


def measurements_text(evaluation: Evaluation) -> list[str]:
    """`重量=12.5kg(≤15)`: with threshold and direction, so the importer reads them back whole.

    Imported when called: the importer imports the API, which imports this module.
    """
    from hub_app.imports.nested import measurements_text as cells

    return cells(evaluation)


EXPORT_COLUMNS = [
    Column("id", "ID", lambda e: e.id),
    Column("project_id", "プロジェクトID", lambda e: e.project_id),
    Column("project_title", "プロジェクト", lambda e: e.project.title),
    Column("evaluated_on", "評価日", lambda e: e.evaluated_on),
    Column("aspect", "評価の観点", lambda e: label(EVALUATION_ASPECTS, e.aspect)),
    Column("setting", "実施場所", lambda e: label(EVALUATION_SETTINGS, e.setting)),
    Column("method", "評価方法", lambda e: label(EVALUATION_METHODS, e.method)),
    Column("result", "判定", lambda e: label(EVALUATION_RESULTS, e.result)),
    Column("summary", "結果の概要", lambda e: e.summary),
    Column("measurements", "計測値", measurements_text),
    Column("outside_threshold", "基準外の数", outside_count),
    Column("ref", "外部参照ID", lambda e: e.ref),
]
