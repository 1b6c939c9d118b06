"""One row per company-level source record, with the account it belongs to and why.

Identity resolution runs in Python (inside dbt, over Arrow from DuckDB): the rule ladder needs a
guarded union-find (refuse a merge that would join two 法人番号 or two domains), which is sequential by
nature and awkward as SQL label propagation. Normalisation (NFKC, legal forms, Public Suffix List) is
done once, here. See revops/identity/accounts.py for the rules.

Incremental: `_input_hash` fingerprints each record's inputs and the settings; a run resolves again only the
match components that hold a new, changed or removed record (revops/identity/incremental.py) and returns
their rows plus the removed records flagged _deleted; the change_set strategy applies them (_identity__models.yml).
"""

from revops.identity import resolve_accounts
from revops.identity.accounts import HIDDEN_COLUMNS, OUTPUT_COLUMNS, RECORD_COLUMNS, resolve_accounts_incremental
from revops.identity.incremental import built_rows, change_set, input_records
from revops.identity.rules import model_settings


def model(dbt, session):
    seed = dbt.ref("legal_forms").to_arrow_table()
    forms = dict(zip(seed.column("form").to_pylist(), seed.column("legal_form").to_pylist(), strict=True))
    seeds = (dbt.ref("itaiji"), dbt.ref("legal_forms"), dbt.ref("placeholder_emails"), dbt.ref("identity_overrides"))
    excluded, max_size, rules = model_settings(dbt.ref("free_mail_domains"), seeds, dbt.config.get("meta", {}))
    records = input_records(
        dbt.ref("int_account_records_unioned"),
        RECORD_COLUMNS,
        (sorted(forms.items()), sorted(excluded), max_size, rules.fingerprint()),
    )
    columns = [*OUTPUT_COLUMNS, *HIDDEN_COLUMNS]
    previous = built_rows(dbt, session, columns)
    if previous is not None:  # resolve the affected match components only
        resolved = resolve_accounts_incremental(records, previous, forms, excluded, max_size, rules)
    else:
        resolved = resolve_accounts(records, forms, excluded, max_cluster_size=max_size, rules=rules)
    changed = resolved.select(columns)
    return change_set(dbt, session, changed, records)
