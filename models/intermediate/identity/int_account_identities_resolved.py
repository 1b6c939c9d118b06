"""One row per company-level source record, with the account it belongs to and why.

Identity resolution runs in Python (inside dbt, over Arrow from DuckDB): the rule ladder needs a
guarded union-find (refuse a merge that would join two 法人番号 or two domains), which is sequential by
nature and awkward as SQL label propagation. Normalisation (NFKC, legal forms, Public Suffix List) is
done once, here. See ingest/identity/accounts.py for the rules.
"""

from ingest.identity import resolve_accounts
from ingest.identity.accounts import RECORD_COLUMNS


def model(dbt, session):
    dbt.config(materialized="table")
    records = (  # in record-key order, which the resolver needs (sorted here, it makes no copy of its own)
        dbt.ref("int_account_records_unioned")
        .project(", ".join(RECORD_COLUMNS))
        .order("source_system, source_object, source_record_id")
        .to_arrow_table()
    )
    seed = dbt.ref("legal_forms").to_arrow_table()
    forms = dict(zip(seed.column("form").to_pylist(), seed.column("legal_form").to_pylist(), strict=True))
    excluded = frozenset(dbt.ref("free_mail_domains").to_arrow_table().column("domain").to_pylist())
    settings = dbt.config.get("meta", {}) or {}
    max_size = int(settings.get("max_cluster_size", 50))
    resolved = resolve_accounts(records, forms, excluded, max_cluster_size=max_size)
    return resolved
