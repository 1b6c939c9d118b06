"""Ground truth beside the exports: true companies as of the last snapshot, noise rates, a README."""

from __future__ import annotations

import copy
import json

import numpy as np
import pyarrow as pa

from .clock import NEVER, fmt_date
from .gainsight import company_state
from .output import Output, Snapshot

README = """# Ground truth of this generated world

`records.csv`: one row per source record that appears in any export (unique by system, object, id) with the
true `company_id` and `person_id` (empty for company-level records). Junk rows are not records.
`companies.csv`: one row per true company as of the last snapshot: ARR = sum of 12 x MRR of active subscriptions,
renewal_date = earliest end date of active subscriptions, open_tickets = tickets new/open/pending.
`lead_responses.csv`: one row per person known by the last snapshot: when their lead response clock starts (MQL, else
lead date, else creation), the first logged outbound call / e-mail / meeting / task at or after it (system, record id,
type) and the minutes in between (empty when none). Activities: Salesforce Task / Event in `WE_*_2.zip`, HubSpot
`hubspot-crm-exports-all-activities-*.csv`.
`noise.json`: every kind of noise with its target rate and the realised count / eligible rows per file
(counted over every snapshot a record appears in), junk rows per file, rows per file.

## Noise kinds
- name_variant: a company written as another spelling (株式会社ABC / ABC(株) / ㈱ＡＢＣ / ｶ)ｴｰﾋﾞｰｼｰ / ABC Co., Ltd. /
  bare; English: upper case, no legal form, comma form, long form, lower case). Files: Account Name, Lead Company,
  HubSpot contacts Company Name, HubSpot companies 会社名, Gainsight Name, Zendesk organization name, forms.
- Salesforce duplicate accounts (see `duplicate_accounts`): a second Account for the same company under another
  spelling; half are merged (IsDeleted "1", MasterRecordId = survivor), the rest live, with some contacts on them.
- website_missing / website_prefixed: empty, `www.`, `https://www.…/`, `http://`, `https://…/ja/company/`.
- email_case / email_whitespace: upper-cased or capitalised addresses, surrounding spaces (HubSpot contacts,
  form submissions, Zendesk users). Salesforce and email events carry the canonical lower-case address.
- free_mail / generic_mailbox: people on gmail.com, yahoo.co.jp, ... and shared info@/sales@/contact@/support@
  addresses (several true people share one generic address: do not merge on it).
- corporate_number_missing / _placeholder (個人, 不明, test, 0000000000) / _invalid_check_digit (13 digits, wrong
  check digit): Account and Lead CorporateNumber__c, HubSpot 法人番号, Gainsight Corporate Number, Zendesk
  organization_fields.corporate_number.
- phone_placeholder (0000000000, 不明); phones otherwise mix 03-1234-5678, 0312345678, +81 3 1234 5678,
  (512) 555-0100, +1 512-555-0100, 512.555.0100.
- company_placeholder (個人, 不明, test) in Lead Company and form Company Name; empty_industry.
- arr_conflict: Gainsight company ARR is last term's value (subscriptions are exact); owner_conflict: HubSpot
  company owner differs from the Salesforce account owner.
- renewal_date_alt_format: Gainsight Renewal Date written YYYY-MM-DD instead of YYYY/MM/DD.
- hard negatives (`hard_negatives`): look-alike names (ABC商事 vs ABCホールディングス) that are different companies;
  half of them are group companies sharing the parent's domain with their own 法人番号.
- jp_name_itaiji / jp_name_kana_script / jp_name_numerals / jp_name_honorific: a Japanese Account Name or HubSpot
  会社名 written with variant kanji (高 → 髙, CP932-encodable ones), katakana as hiragana or the reverse, kanji
  numerals as digits, or 御中 / 様 / 殿 typed after it. The same company: the resolver must see through them.
- placeholder_email: a HubSpot contact's address replaced by a placeholder (a@a.com, xx@xx.com, xxx@xxx.com,
  test@test.com) shared by unrelated people: never an identity key.
- malformed rows (`malformed_rows`): extra lines with the wrong field count; not records, not in truth.
- deletions: Salesforce leads/contacts and HubSpot contacts disappear from later full exports.

## Encodings and date formats (all times UTC)
| file | encoding | formats |
| --- | --- | --- |
| salesforce WE_*.zip / *.csv | UTF-8, all fields quoted, booleans "0"/"1" | `YYYY-MM-DD HH:MM:SS`; dates (1) |
| hubspot-crm-exports-all-contacts | UTF-8 with BOM | `YYYY-MM-DD HH:MM` |
| hubspot-crm-exports-all-companies | CP932, Japanese labels | `YYYY/MM/DD HH:MM` |
| hubspot-crm-exports-all-deals | UTF-8 | Close Date `YYYY-MM-DD`, others `YYYY-MM-DD HH:MM` |
| hubspot-crm-exports-all-activities | UTF-8 | `YYYY-MM-DD HH:MM`; Call duration in milliseconds |
| hubspot-email-events | UTF-8 | `YYYY-MM-DDTHH:MM:SSZ` |
| hubspot-form-submissions | UTF-8 | `YYYY/MM/DD HH:MM` |
| zendesk organizations.jsonl, tickets.jsonl | UTF-8 JSON lines | `YYYY-MM-DDTHH:MM:SSZ` |
| zendesk users.csv | UTF-8 | `YYYY-MM-DD HH:MM:SS` |
| gainsight-companies | UTF-8 with BOM | dates `YYYY/MM/DD` (2), Modified Date `YYYY/MM/DD HH:MM` |
| gainsight-usage .xlsx | XLSX | Snapshot Date is an Excel date cell |
| gainsight-subscriptions | UTF-8 | dates `YYYY-MM-DD`, Modified Date `YYYY/MM/DD HH:MM` |

(1) Salesforce dates are `YYYY-MM-DD 00:00:00`; empty lookups are `000000000000000AAA`, empty MasterRecordId "".
(2) Gainsight Renewal Date is sometimes `YYYY-MM-DD` (renewal_date_alt_format).

Full exports (Salesforce, HubSpot CRM, Gainsight companies/subscriptions/usage) hold every live record of their
snapshot; Zendesk, email events and form submissions hold only what was created or changed since the previous
snapshot (the first holds everything).
"""


def write_companies(out: Output, last: Snapshot) -> None:
    w, co = out.world, out.world.companies
    state = company_state(out, last.cut)
    tk = w.tickets
    status = tk.status_at(last.cut)
    open_mask = np.isin(status, ["new", "open", "pending"]) & (tk.created < last.cut)
    open_tickets = np.bincount(tk.company[open_mask], minlength=len(co))
    table = pa.table(
        {
            "company_id": co.company_id,
            "name": co.name,
            "domain": co.domain,
            "corporate_number": co.corporate_number,
            "is_customer": np.where(state["customer"], "true", "false"),
            "churned": np.where(state["churned"], "true", "false"),
            "arr": state["arr"],
            "renewal_date": fmt_date(state["renewal"], "%Y-%m-%d", state["renewal"] < NEVER),
            "open_tickets": open_tickets,
        }
    )
    out.truth_table("companies.csv", table)


def noise_summary(out: Output) -> dict:
    w, rev, pe, co = out.world, out.world.revenue, out.world.people, out.world.companies
    dups = (rev.acc_master >= 0) & (rev.acc_created < w.end)
    seen = pe.created < w.end
    return {
        "duplicate_accounts": {
            "companies_with_account": int(((rev.acc_master < 0) & (rev.acc_created < w.end)).sum()),
            "duplicates": int(dups.sum()),
            "merged": int((dups & (rev.acc_merged_at < w.end)).sum()),
            "rate": round(float(dups.sum() / max(((rev.acc_master < 0) & (rev.acc_created < w.end)).sum(), 1)), 6),
        },
        "free_mail": {
            "count": int((pe.is_free_mail & seen).sum()),
            "eligible": int(seen.sum()),
            "rate": round(float((pe.is_free_mail & seen).sum() / max(seen.sum(), 1)), 6),
        },
        "generic_mailbox": {
            "count": int((pe.is_generic & seen).sum()),
            "eligible": int(seen.sum()),
            "rate": round(float((pe.is_generic & seen).sum() / max(seen.sum(), 1)), 6),
        },
        "hard_negatives": {
            "look_alike_pairs": int((co.similar_to >= 0).sum()),
            "shared_domain_pairs": int(co.shares_domain.sum()),
            "examples": [
                [str(co.name[i]), str(co.name[co.similar_to[i]])] for i in np.flatnonzero(co.similar_to >= 0)[:5]
            ],
        },
    }


def merge_summaries(parts: list[dict]) -> dict:
    """The world's noise summary from its parts': counts added, rates recomputed, examples the first part's."""
    merged = copy.deepcopy(parts[0])
    for part in parts[1:]:
        for kind, figures in part.items():
            for key, value in figures.items():
                if isinstance(value, int):
                    merged[kind][key] += value
    dups = merged["duplicate_accounts"]
    dups["rate"] = round(dups["duplicates"] / max(dups["companies_with_account"], 1), 6)
    for kind in ("free_mail", "generic_mailbox"):
        merged[kind]["rate"] = round(merged[kind]["count"] / max(merged[kind]["eligible"], 1), 6)
    return merged


def write_truth(out: Output, targets: dict, summary: dict) -> dict:
    """noise.json and the README of `_truth/`, once every part is written (`summary`: merge_summaries)."""
    noise = {
        "target_rates": targets,
        "applied": out.log.report(),
        **summary,
        "malformed_rows": dict(sorted(out.malformed.items())),
        "files": dict(sorted(out.files.items())),
    }
    folder = out.root / "_truth"
    (folder / "noise.json").write_text(
        json.dumps(noise, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (folder / "README.md").write_text(README, encoding="utf-8")
    return noise
