"""The one validation of an invitation, from a page, the API or an import."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from hub_app.core.enums import INVITATION_METHODS, INVITATION_OUTCOMES, choices
from hub_app.core.fields import PICK, IdField, IsoDateField, not_in_future, one_of, required
from hub_app.core.forms import RecordForm
from hub_app.welltech.common import check_hub, hub_field


class InvitationForm(RecordForm):
    hub = hub_field()
    organization_id = IdField(
        "打診先の企業・団体", validators=[required("打診先の企業・団体を選んでください。")]
    )
    invited_on = IsoDateField(
        "打診日", validators=[required("打診日を入力してください。"), not_in_future]
    )
    method = SelectField(
        "打診方法",
        choices=choices(INVITATION_METHODS, PICK),
        validate_choice=False,
        validators=[one_of(INVITATION_METHODS, "打診方法を選んでください。")],
    )
    project_id = IdField("対象プロジェクト", validators=[Optional()])
    outcome = SelectField(
        "結果",
        choices=choices(INVITATION_OUTCOMES),
        default="pending",
        validate_choice=False,
        validators=[one_of(INVITATION_OUTCOMES, "結果を選んでください。")],
    )
    notes = TextAreaField("メモ", validators=[Optional(), Length(max=10000)])
    ref = StringField("外部参照ID", validators=[Optional(), Length(max=100)])

    validate_hub = check_hub


class OutcomeForm(RecordForm):
    """The answer as it comes, changed from the invitation's page."""

    outcome = SelectField(
        "結果",
        choices=choices(INVITATION_OUTCOMES),
        validate_choice=False,
        validators=[one_of(INVITATION_OUTCOMES, "結果を選んでください。")],
    )
