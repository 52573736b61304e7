"""Every enumeration of DESIGN §3: codes are stored and exchanged, labels are shown.

One place for the Japanese labels, so forms, exports, imports and the API agree.
"""

HUBS = {"welltech": "ウェルテック", "knic": "K-NIC"}
#: the six programmes of the grant report (DESIGN §10), in its order, by their short names;
#: the official titles are the programmes table's
PROGRAMMES = {
    "welltech": "ウェルテック",
    "knic": "K-NIC",
    "night_economy": "ナイトタイムエコノミー",
    "succession": "町工場再生・事業継続",
    "ip_matching": "知財マッチング",
    "life_science": "キングスカイフロント",
}
KPI_PERIODS = {"fiscal": "年度(4〜3月)", "calendar": "暦年(1〜12月)"}
KPI_SOURCES = {"records": "記録から集計", "entered": "手入力"}
REPORT_SECTIONS = {
    "overview": "事業概要",
    "activities": "主な取組",
    "assessment": "総括と今後の取組",
    "next_activities": "次年度の主な取組",
}
REPORT_STATUSES = {"draft": "下書き", "in_review": "確認待ち", "approved": "承認済み"}
ROLES = {"admin": "管理者", "manager": "管理職", "staff": "職員", "viewer": "閲覧者"}

ORGANIZATION_KINDS = {
    "sme": "中小企業",
    "startup": "スタートアップ",
    "large_company": "大企業",
    "university": "大学",
    "research_institute": "研究機関",
    "welfare_facility": "福祉施設",
    "support_org": "支援機関",
    "government": "自治体",
    "other": "その他",
}

CONSULTATION_KINDS = {"consultation": "相談", "technical_advice": "技術助言"}
CONSULTATION_CHANNELS = {
    "visit": "来所",
    "onsite": "訪問",
    "phone": "電話",
    "online": "オンライン",
    "email": "メール",
    "other": "その他",
}
CONSULTATION_TOPICS = {
    "product_development": "製品開発",
    "safety": "安全性評価",
    "performance": "性能評価",
    "commercialization": "市場化",
    "funding": "資金",
    "ip": "知財",
    "founding": "起業・創業",
    "business_plan": "事業計画",
    "talent": "人材・組織",
    "other": "その他",
}
CONSULTATION_STATUSES = {"open": "対応中", "closed": "完了"}

INVITATION_METHODS = {
    "visit": "訪問",
    "event": "イベント",
    "phone": "電話",
    "email": "メール",
    "online": "オンライン",
    "other": "その他",
}
INVITATION_OUTCOMES = {
    "pending": "検討中",
    "interested": "関心あり",
    "joined": "参画",
    "declined": "辞退",
}

PROJECT_KINDS = {"improvement": "改良", "new_development": "新規開発"}
PRODUCT_CATEGORIES = {
    "transfer": "移乗",
    "mobility": "歩行・移動",
    "monitoring": "見守り",
    "toileting": "排泄",
    "bathing": "入浴",
    "communication": "コミュニケーション",
    "daily_living": "生活支援",
    "other": "その他",
}
PROJECT_STAGES = {
    "planning": "計画",
    "evaluating": "評価",
    "improving": "改良",
    "launched": "市場化",
    "closed": "終了",
    "cancelled": "中止",
}

EVALUATION_ASPECTS = {
    "safety": "安全性",
    "performance": "性能",
    "usability": "使いやすさ",
    "monitor": "モニター評価",
}
EVALUATION_SETTINGS = {
    "mock_lab": "模擬環境ラボ",
    "care_facility": "高齢者施設(実環境)",
    "home": "在宅",
}
EVALUATION_METHODS = {
    "video_analysis": "動画分析",
    "measurement": "計測",
    "questionnaire": "アンケート",
    "interview": "ヒアリング",
    "other": "その他",
}
EVALUATION_RESULTS = {
    "pass": "適合",
    "conditional": "条件付",
    "fail": "不適合",
    "none": "判定なし",
}
MEASUREMENT_DIRECTIONS = {"max": "以下であること", "min": "以上であること"}

EVENT_KINDS = {
    "study_session": "福祉製品開発勉強会",
    "training": "育成プログラム",
    "seminar": "セミナー",
    "matching_event": "マッチングイベント",
    "partner_event": "連携イベント",
}
WELLTECH_EVENT_KINDS = ("study_session",)
KNIC_EVENT_KINDS = ("training", "seminar", "matching_event", "partner_event")

SKILLS = {
    "management": "経営",
    "finance": "財務",
    "sales": "営業",
    "marketing": "マーケティング",
    "ip": "知財",
    "hr": "人事",
    "global": "海外展開",
    "engineering": "技術開発",
    "regulatory": "薬事・規制",
    "other": "その他",
}
TALENT_STATUSES = {"active": "活動中", "matched": "マッチング済", "inactive": "休止"}

MATCHING_STAGES = {
    "proposed": "候補",
    "introduced": "紹介済",
    "interviewing": "面談中",
    "agreed": "成立",
    "declined": "不成立",
    "ended": "終了",
}
MATCHING_CLOSED_STAGES = ("declined", "ended")
COMPENSATIONS = {"paid": "有償", "unpaid": "無償", "equity": "株式", "other": "その他"}

PARTNERSHIP_KINDS = {
    "partner_company": "パートナー企業",
    "agreement": "連携協定",
    "joint_event": "共催",
    "desk": "相談窓口",
    "other": "その他",
}

BUDGET_KINDS = {"budget": "予算", "actual": "実績"}

FACILITIES = {
    "mock_lab": "模擬環境ラボ",
    "care_facility": "高齢者施設(撮影環境)",
    "home": "在宅(撮影環境)",
    "meeting_room": "相談室",
}
#: the NTA's corporate-number data (法人番号公表サイト, DESIGN §3 and §11)
CORPORATION_KINDS = {
    "101": "国の機関",
    "201": "地方公共団体",
    "301": "株式会社",
    "302": "有限会社",
    "303": "合名会社",
    "304": "合資会社",
    "305": "合同会社",
    "399": "その他の設立登記法人",
    "401": "外国会社等",
    "499": "その他",
}
CORPORATION_PROCESSES = {
    "01": "新規",
    "11": "商号又は名称の変更",
    "12": "国内所在地の変更",
    "13": "国外所在地の変更",
    "21": "登記記録の閉鎖等",
    "22": "登記記録の閉鎖等の取消し又は抹消",
    "71": "吸収合併",
    "72": "吸収合併無効",
    "81": "商号の登記の抹消",
    "99": "削除",
}
CORPORATION_CLOSE_CAUSES = {
    "01": "清算の結了等",
    "11": "合併による解散等",
    "21": "登記官による閉鎖",
    "31": "その他の清算の結了等",
}


def choices(mapping: dict[str, str], blank: str | None = None) -> list[tuple[str, str]]:
    """WTForms choices from a code → label mapping, optionally led by an empty choice."""
    items = list(mapping.items())
    return [("", blank), *items] if blank is not None else items


def label(mapping: dict[str, str], code: str | None) -> str:
    return mapping.get(code or "", code or "")
