"""Writes on evaluations: the evaluation and its measurements change together, audited once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hub_app.core import records
from hub_app.core.forms import form_values, validate
from hub_app.core.permissions import is_admin, require
from hub_app.welltech.common import (
    UNKNOWN_PROJECT,
    check_references,
    clean_text,
    project_exists,
    require_write,
)
from hub_app.welltech.evaluations.forms import EvaluationForm
from hub_app.welltech.models import Evaluation, Measurement

if TYPE_CHECKING:
    from hub_app.auth.models import User


def _values(form: EvaluationForm) -> dict[str, Any]:
    values = form_values(form)
    values.pop("measurements", None)
    clean_text(values, "summary", "ref")
    check_references(values, {"project_id": (project_exists, UNKNOWN_PROJECT)})
    values["measurements"] = [
        Measurement(position=position, **row)
        for position, row in enumerate(form.filled_measurements())
    ]
    return values


def create_evaluation(actor: User, form: EvaluationForm) -> Evaluation:
    require_write(actor)
    validate(form)
    return records.create(actor, Evaluation(**_values(form)))


def update_evaluation(actor: User, evaluation: Evaluation, form: EvaluationForm) -> dict:
    """Replace the measurements by the form's rows (an API PATCH without them keeps them)."""
    require_write(actor)
    validate(form)
    values = _values(form)
    new_rows = values.pop("measurements")
    before = evaluation.measurement_rows
    after = [m.row() for m in new_rows]
    if before != after:
        values["measurements"] = new_rows
    return records.update(actor, evaluation, values)


def delete_evaluation(actor: User, evaluation: Evaluation) -> None:
    require_write(actor)
    records.soft_delete(actor, evaluation)


def restore_evaluation(actor: User, evaluation: Evaluation) -> None:
    require(is_admin(actor), "削除した記録を元に戻せるのは管理者だけです。")
    records.restore(actor, evaluation)
