"""The upload form of the import page."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import ValidationError

from hub_app.core.forms import RecordForm

#: what each collection is called on the import page
KIND_LABELS = {
    "organizations": "企業・団体",
    "consultations": "相談・技術助言",
    "invitations": "参画打診",
    "projects": "改良・新規開発プロジェクト",
    "evaluations": "製品評価",
    "events": "勉強会・研修・イベント",
    "attendances": "参加記録",
    "talents": "副業・兼業人材",
    "matchings": "マッチング",
    "partnerships": "大企業等とのネットワーク構築",
    "budgets": "事業費",
    "kpi_targets": "KPI計画",
    "kpi_values": "KPI実績(手入力)",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


class ImportUploadForm(RecordForm):
    kind = SelectField("取り込む種類")
    file = FileField(
        "ファイル(CSV または Excel .xlsx)",
        validators=[FileRequired("取り込むファイルを選んでください。")],
        render_kw={"accept": ".csv,.xlsx,text/csv"},
    )

    def __init__(self, kinds: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", "選択してください"), *((k, kind_label(k)) for k in kinds)]

    def validate_kind(self, field) -> None:
        if not field.data:
            raise ValidationError("取り込む種類を選んでください。")
