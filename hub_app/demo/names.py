"""Word lists for fictitious names. Every organisation ends in （架空） and every person's
e-mail is at example.jp, so demo records can never be mistaken for real ones."""

from __future__ import annotations

import random

from hub_app.organizations.names import name_key

FICTITIOUS = "(架空)"

COMPANY_WORDS = (
    "さくら",
    "ひだまり",
    "みなと",
    "たまがわ",
    "こすぎ",
    "あおば",
    "かわせみ",
    "ゆりかご",
    "つばさ",
    "そよかぜ",
    "みどり",
    "あかつき",
    "ほしぞら",
    "はるかぜ",
    "わかば",
    "こもれび",
    "しおさい",
    "いろは",
    "なごみ",
    "やまびこ",
    "ミライ",
    "ケアリンク",
    "テクノ",
    "ライフ",
    "スマイル",
    "ハーモニー",
    "ネクスト",
    "フロンティア",
    "サンライズ",
    "ブリッジ",
)
WELLTECH_TRADES = (
    "福祉機器",
    "ケア用品",
    "精工",
    "電子",
    "工業",
    "医療器械",
    "介護サービス",
    "製作所",
)
STARTUP_TRADES = (
    "ロボティクス",
    "ヘルスケア",
    "AI",
    "バイオ",
    "センシング",
    "モビリティ",
    "データ",
)
LARGE_TRADES = ("電機", "化学", "重工", "ホールディングス", "製薬", "通信", "精密")
FACILITY_NAMES = (
    "特別養護老人ホーム",
    "介護老人保健施設",
    "グループホーム",
    "デイサービスセンター",
)

SURNAMES = (
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
)
GIVEN_NAMES = (
    "太郎",
    "花子",
    "一郎",
    "陽子",
    "健",
    "美咲",
    "翔",
    "彩",
    "大輔",
    "真理",
    "拓也",
    "由美",
    "誠",
    "千尋",
    "悠人",
    "結衣",
    "直樹",
    "恵",
    "亮",
    "さくら",
    "浩二",
    "智子",
    "蓮",
    "葵",
    "隆",
    "理恵",
    "修",
    "香織",
    "洋平",
    "舞",
    "昌弘",
    "沙織",
    "健太",
    "明美",
    "和也",
    "奈々",
)
JOB_TITLES = (
    "経営企画部 課長",
    "財務部 主任",
    "営業部 部長代理",
    "研究開発部 主任研究員",
    "知財部 担当",
    "人事部 マネージャー",
    "海外事業部 課長",
    "品質保証部 係長",
)

CONSULTATION_TITLES = (
    "移乗支援機器の安全性評価の進め方",
    "見守りセンサーの実証先の相談",
    "入浴補助具の改良",
    "介護現場向けアプリの使いやすさ",
    "補助金の活用について",
    "試作品の評価計画",
    "特許出願の進め方",
    "販路開拓の相談",
    "歩行器の性能評価",
    "排泄ケア用品の市場性",
)
STARTUP_CONSULTATION_TITLES = (
    "法人設立の手続きと時期",
    "事業計画書の見直し",
    "シード期の資金調達",
    "CFO候補の副業人材を探したい",
    "大企業との共同実証の進め方",
    "知財の出願戦略",
    "創業補助金の申請",
    "最初の採用と組織づくり",
)
PROJECT_TITLES = (
    "軽量移乗リフトの改良",
    "ベッドセンサー見守りシステム",
    "自走式歩行アシストカート",
    "入浴用シャワーチェアの開発",
    "排泄予測デバイスの改良",
    "会話支援タブレット",
    "食事介助スプーンの開発",
    "車いす用クッションの改良",
    "夜間巡回支援ロボット",
    "口腔ケア用品の改良",
    "起き上がり補助手すり",
    "服薬管理ボックス",
)
EVENT_TITLES = {
    "study_session": ("福祉製品開発勉強会「現場の声を聴く」", "福祉製品開発勉強会「評価の実際」"),
    "training": ("副業・兼業人材育成プログラム", "スタートアップ支援実践講座"),
    "seminar": (
        "大企業人材のためのスタートアップ入門",
        "知財とファイナンスのセミナー",
        "事業開発セミナー",
    ),
    "matching_event": ("K-NIC マッチングデー",),
    "partner_event": ("オープンイノベーション連携会",),
}
MEASUREMENTS = (
    ("移乗時間", "秒", "max", 60),
    ("介助者の腰部負担", "点", "max", 5),
    ("満足度", "点", "min", 3),
    ("最大荷重", "kg", "min", 100),
    ("騒音", "dB", "max", 45),
)


class Names:
    """Distinct fictitious names drawn from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def _unique(self, make) -> str:
        for _ in range(1000):
            name = make()
            key = name_key(name)  # 株式会社 and 合同会社 do not make two names differ
            if key not in self.used:
                self.used.add(key)
                return name
        raise RuntimeError("ran out of fictitious names")

    def company(self, kind: str) -> str:
        trades = {
            "startup": STARTUP_TRADES,
            "large_company": LARGE_TRADES,
        }.get(kind, WELLTECH_TRADES)

        def make() -> str:
            word = self.rng.choice(COMPANY_WORDS)
            if kind == "welfare_facility":
                return f"{self.rng.choice(FACILITY_NAMES)}{word}{FICTITIOUS}"
            if kind == "university":
                return f"{word}工科大学{FICTITIOUS}"
            form = self.rng.choice(("株式会社", "株式会社", "合同会社"))
            if kind == "sme" and self.rng.random() < 0.3:
                form = "有限会社"
            return f"{word}{self.rng.choice(trades)}{form}{FICTITIOUS}"

        return self._unique(make)

    def person(self) -> str:
        return self._unique(lambda: f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN_NAMES)}")
