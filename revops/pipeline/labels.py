"""Column labels for people reading exports: the one dictionary of Japanese labels (`--lang ja`).

A column not listed keeps its name. English output uses the column names themselves (documented in the
README's marts tables).
"""

from __future__ import annotations

LANGUAGES = ("en", "ja")
JA: dict[str, str] = {
    "entity": "種別",
    "entity_id": "ID",
    "entity_type": "種別",
    "account_id": "アカウントID",
    "account_name": "アカウント名",
    "person_id": "人物ID",
    "full_name": "氏名",
    "name": "名称",
    "email": "メールアドレス",
    "contact": "ウェブサイト / メール",
    "domain": "ドメイン",
    "website": "ウェブサイト",
    "lifecycle_stage": "ライフサイクル段階",
    "owner_name": "担当営業",
    "csm_name": "担当CSM",
    "arr": "ARR",
    "mrr": "MRR",
    "currency_code": "通貨",
    "arr_reporting": "ARR（報告通貨）",
    "mrr_reporting": "MRR（報告通貨）",
    "renewal_date": "更新日",
    "days_to_renewal": "更新までの日数",
    "payment_status": "支払状況",
    "health_score": "ヘルススコア",
    "health_band": "ヘルス区分",
    "health_trend": "ヘルス傾向",
    "churn_risk": "解約リスク",
    "churn_risk_reasons": "解約リスクの理由",
    "license_utilisation": "ライセンス利用率",
    "open_ticket_count": "未解決チケット数",
    "source_system": "ソースシステム",
    "source_object": "ソースオブジェクト",
    "source_record_id": "ソースレコードID",
    "is_deleted": "削除済み",
    "match_rule": "照合ルール",
    "match_evidence": "照合根拠",
    "records_in_system": "同一システム内の件数",
    "conflict_id": "不一致ID",
    "field_name": "項目名",
    "warehouse_system": "採用したシステム",
    "warehouse_value": "採用した値",
    "other_system": "他のシステム",
    "other_value": "他の値",
    "detected_on": "検出日",
    "as_of_date": "基準日",
}
LABELS: dict[str, dict[str, str]] = {"en": {}, "ja": JA}


def label(column: str, lang: str = "en") -> str:
    """The heading of `column` in `lang` (its own name when the language has no label for it)."""
    return LABELS[lang].get(column, column)
