"""`revops evaluate`: pairwise precision, recall and F1 of the identity maps against a generated world's truth.

Pairs are counted, not enumerated: within the records both sides know, a pair of records is predicted
when they share an account (person) id and true when they share the truth's company (person) id.
Unresolved records count as alone. The maps are read through a reader (the DuckDB file, or PostgreSQL) and
counted against the truth file in an in-memory DuckDB, so both engines are scored by the same query.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from revops.errors import RevopsError
from revops.readers import MissingTableError, Reader

PAIRS = """
with truth as (
    select source_system, source_object, source_record_id, {truth_key} as truth_id
    from read_csv($truth, all_varchar = true, header = true)
    where {truth_key} is not null and {truth_key} <> ''
),
joined as (
    select truth.truth_id,
        coalesce(map.{map_key}, 'alone:' || map.source_system || '/' || map.source_object || '/'
            || map.source_record_id) as predicted_id
    from source_map as map
    join truth using (source_system, source_object, source_record_id)
),
counted as (
    select
        (select coalesce(sum(n * (n - 1) / 2), 0)
            from (select count(*) as n from joined group by truth_id, predicted_id)) as true_positive,
        (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) as n from joined group by predicted_id))
            as predicted,
        (select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) as n from joined group by truth_id))
            as actual,
        (select count(*) from joined) as records,
        (select count(distinct truth_id) from joined) as entities,
        (select count(distinct predicted_id) from joined) as clusters
)
select * from counted
"""


@dataclass
class PairScore:
    entity: str
    records: int
    true_entities: int
    predicted_entities: int
    true_positive_pairs: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positive_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def pairwise_scores(source: Reader, truth_dir: Path) -> list[PairScore]:
    records = truth_dir / "_truth" / "records.csv"
    if not records.exists():
        records = truth_dir / "records.csv"
    if not records.exists():
        raise RevopsError(f"no _truth/records.csv under {truth_dir}", hint="pass the folder `revops generate` wrote")
    scores = []
    for entity, map_table, map_key, truth_key in (
        ("accounts", "marts.account_source_map", "account_id", "company_id"),
        ("people", "marts.person_source_map", "person_id", "person_id"),
    ):
        try:
            source_map = source.frame(
                f"select source_system, source_object, source_record_id, {map_key} from {map_table}"
            )
        except MissingTableError as exc:
            raise RevopsError(f"{map_table} is not built", hint="run `revops build` first") from exc
        with duckdb.connect() as con:
            con.register("source_map", source_map)
            query = PAIRS.format(map_key=map_key, truth_key=truth_key)
            tp, predicted, actual, count, entities, clusters = con.execute(query, {"truth": str(records)}).fetchall()[0]
        scores.append(PairScore(entity, count, entities, clusters, int(tp), int(predicted), int(actual)))
    return scores
