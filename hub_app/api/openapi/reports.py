"""The OpenAPI description of the programmes, entered figures and reports (DESIGN §10)."""

from __future__ import annotations

from typing import Any

from hub_app.api.openapi.collections import errors, json_response
from hub_app.core.enums import HUBS, KPI_PERIODS, PROGRAMMES, REPORT_SECTIONS, REPORT_STATUSES
from hub_app.core.fields import xml_text
from hub_app.kpi.forms import MAX_ACTUAL
from hub_app.reports.forms import MAX_SECTION

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

NULLABLE_INT = {"type": "integer", "nullable": True}
MONEY = {
    "type": "object",
    "nullable": True,
    "properties": {
        "fiscal_year": {"type": "integer"},
        "kind": {"type": "string", "enum": ["budget", "actual"]},
        "total_cost": {"type": "integer", "description": "事業費(千円)"},
        "grant": {"type": "integer", "description": "交付金(千円)"},
    },
}
SECTIONS = {
    "type": "object",
    "properties": {
        name: {
            "type": "string",
            "nullable": True,
            "maxLength": MAX_SECTION,
            **xml_text.json_schema,  # type: ignore[attr-defined]
            "description": f"{label}(null は空にする)",
        }
        for name, label in REPORT_SECTIONS.items()
    },
    "additionalProperties": False,
}

KPI_ITEM = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "programme": {"type": "string", "enum": list(PROGRAMMES)},
        "hub": {"type": "string", "enum": list(HUBS), "nullable": True},
        "name": {"type": "string"},
        "unit": {"type": "string"},
        "period": {"type": "string", "enum": list(KPI_PERIODS)},
        "baseline": {**NULLABLE_INT, "description": "事業開始前の現状値"},
        "source": {
            "type": "string",
            "enum": ["records", "entered"],
            "description": "records: 記録から集計 / entered: 手入力",
        },
        "plan": NULLABLE_INT,
        "actual": {**NULLABLE_INT, "description": "手入力のKPIで未入力なら null"},
        "achievement_rate": {"type": "number", "nullable": True, "description": "1.2 = 120%"},
        "rule": {"type": "string"},
        "actual_source": {"type": "string", "nullable": True, "description": "手入力の出典"},
    },
}

REPORT = {
    "type": "object",
    "properties": {
        "programme": {"type": "string", "enum": list(PROGRAMMES)},
        "name": {"type": "string"},
        "fiscal_year": {"type": "integer"},
        "label": {"type": "string", "example": "令和4年度"},
        "status": {"type": "string", "enum": list(REPORT_STATUSES)},
        "sections": {**SECTIONS, "description": "書いたままの本文({code} を含む)"},
        "resolved": {**SECTIONS, "description": "{code} を数値に置き換えた本文"},
        "budget": MONEY,
        "next_budget": MONEY,
        "layout": {"type": "string", "enum": ["single", "years"]},
        "years": {"type": "array", "items": {"type": "integer"}},
        "kpis": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "unit": {"type": "string"},
                    "baseline": NULLABLE_INT,
                    "source": {"type": "string", "enum": ["records", "entered"]},
                    "period": {"type": "string", "enum": list(KPI_PERIODS)},
                    "years": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {
                                "plan": NULLABLE_INT,
                                "actual": NULLABLE_INT,
                                "source": {"type": "string", "nullable": True},
                            },
                        },
                    },
                },
            },
        },
        "approved_at": {"type": "string", "nullable": True},
        "sha256": {"type": "string", "nullable": True, "description": "承認した文書のSHA-256"},
    },
}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _docx(summary: str) -> dict[str, Any]:
    return {
        "get": {
            "tags": ["reports"],
            "summary": summary,
            "responses": {
                "200": {
                    "description": "Word文書",
                    "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                },
                **errors("401", "403", "404", "422"),
            },
        }
    }


def _closure(summary: str, status: str, refusals: tuple[str, ...]) -> dict[str, Any]:
    return {
        "post": {
            "tags": ["reports"],
            "summary": summary,
            "responses": {
                status: json_response({"type": "object"}),
                **errors("401", "403", "404", *refusals),
            },
        }
    }


REPORT_PATHS: dict[str, dict[str, Any]] = {
    "/programmes": {
        "get": {
            "tags": ["reports"],
            "summary": "実績報告の6事業(報告の順)",
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "properties": {
                            "items": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "code": {"type": "string"},
                                        "name": {"type": "string"},
                                        "hub": {"type": "string", "nullable": True},
                                        "first_fiscal_year": {"type": "integer"},
                                        "last_fiscal_year": {"type": "integer"},
                                    },
                                },
                            }
                        },
                    }
                ),
                **errors("401", "403"),
            },
        }
    },
    "/kpis/{}/values/{}": {
        "put": {
            "tags": ["kpis"],
            "summary": "手入力のKPIの実績を出典とともに設定(管理職・管理者)",
            "description": (
                "記録から集計するKPIには入力できない(409)。締めた年度も409。"
                "年は年度、暦年で集計するKPIは暦年。"
            ),
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["actual", "source"],
                    "additionalProperties": False,
                    "properties": {
                        "actual": {"type": "integer", "minimum": 0, "maximum": MAX_ACTUAL},
                        "source": {"type": "string", "minLength": 1, "maxLength": 300},
                    },
                }
            ),
            "responses": {
                "200": json_response({"type": "object"}),
                **errors("400", "401", "403", "404", "409", "422"),
            },
        }
    },
    "/programmes/{}/reports/{}": {
        "get": {
            "tags": ["reports"],
            "summary": "事業の年度の実績報告(承認済みなら承認した内容)",
            "responses": {
                "200": json_response({"$ref": "#/components/schemas/Report"}),
                **errors("401", "403", "404", "422"),
            },
        },
        "put": {
            "tags": ["reports"],
            "summary": "報告の本文を保存(知らない {code} は422、承認済みは409)",
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["sections"],
                    "additionalProperties": False,
                    "properties": {"sections": SECTIONS},
                }
            ),
            "responses": {
                "200": json_response({"$ref": "#/components/schemas/Report"}),
                **errors("400", "401", "403", "404", "409", "422"),
            },
        },
    },
    "/programmes/{}/reports/{}/status": {
        "post": {
            "tags": ["reports"],
            "summary": "報告の状態を進める(下書き→確認待ち→承認)。承認は年度締めの後",
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["status"],
                    "additionalProperties": False,
                    "properties": {"status": {"type": "string", "enum": list(REPORT_STATUSES)}},
                }
            ),
            "responses": {
                "200": json_response({"$ref": "#/components/schemas/Report"}),
                **errors("400", "401", "403", "404", "409", "422"),
            },
        }
    },
    "/programmes/{}/reports/{}.docx": _docx("事業の年度の報告(Word)。承認済みなら承認した文書"),
    "/reports/{}.docx": _docx("年度の報告書(6事業、表紙つき)"),
    "/programmes/{}/years/{}/close": _closure(
        "事業の年度締め(管理職・管理者)", "201", ("409", "422")
    ),
    "/programmes/{}/years/{}/reopen": _closure("年度締めの解除(管理者)", "200", ("409",)),
}
