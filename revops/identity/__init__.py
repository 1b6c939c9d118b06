"""Identity resolution (名寄せ): which source records are the same real company, and the same person.

`normalize` turns raw identifiers into comparable keys; `accounts` and `people` apply the rule ladder
with over-merge guards through `clusters.GuardedClusters`. The dbt Python models in
models/intermediate/identity/ call `resolve_accounts` / `resolve_people` on tables dbt hands them.
"""

from revops.identity.accounts import resolve_accounts
from revops.identity.people import resolve_people

__all__ = ["resolve_accounts", "resolve_people"]
