"""Forms of the report: its sections and its status, for the pages and the API alike."""

from __future__ import annotations

from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, ValidationError

from hub_app.core.enums import REPORT_SECTIONS, REPORT_STATUSES, choices
from hub_app.core.fields import xml_text
from hub_app.core.forms import RecordForm

MAX_SECTION = 20000
TOO_LONG = f"{MAX_SECTION:,}文字以内で入力してください。"
HINTS = {
    "overview": "事業の目的と内容。数行の文章で。",
    "activities": (
        "1行に1項目。{welltech.study_sessions} のように書くと、記録から数えた数値が入ります。"
    ),
    "assessment": "1行に1項目。",
    "next_activities": "1行に1項目。",
}


def _section(name: str) -> TextAreaField:
    return TextAreaField(
        REPORT_SECTIONS[name],
        validators=[Length(max=MAX_SECTION, message=TOO_LONG), xml_text],
        render_kw={"rows": 8 if name != "overview" else 5},
    )


class ReportSectionsForm(RecordForm):
    """The four sections as written; `{code}` figures are checked by the service, which
    knows the programme's figures."""

    overview = _section("overview")
    activities = _section("activities")
    assessment = _section("assessment")
    next_activities = _section("next_activities")


class ReportStatusForm(RecordForm):
    status = SelectField("状態", choices=choices(REPORT_STATUSES))

    def validate_status(self, field) -> None:
        if field.data not in REPORT_STATUSES:
            codes = "、".join(REPORT_STATUSES)
            raise ValidationError(f"状態は {codes} のいずれかで指定してください。")
