"""The merge form: for each field, whose value the survivor keeps."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField

from hub_app.registry.merge import FIELDS, KEEP, TAKE


class MergeForm(FlaskForm):
    """One radio per field; the open-matching choices are added per conflict by the view."""


for _name in FIELDS:
    setattr(
        MergeForm,
        _name,
        RadioField(_name, choices=[(KEEP, "残す側"), (TAKE, "統合される側")], default=KEEP),
    )
