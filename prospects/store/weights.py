"""The weighted amount of a deal in SQL: the one place the board and the dashboard take it from.

It is the SQL twin of `prospects.domain.rules.probability` (a property test proves them equal):
won 100 %, lost 0 %, else the deal's `interest`, else the default probability of the deal's own
stage, even a retired one (retiring a stage does not change what the deals left in it are worth),
else 0 % (a deal without a stage).
"""

from __future__ import annotations


def probability_sql(interest: str, status: str, stage_probability: str) -> str:
    """The probability (0-100) of a deal, from three SQL expressions: its interest, status and stage's probability."""
    return (
        f"(CASE WHEN {status} = 'won' THEN 100 WHEN {status} = 'lost' THEN 0"
        f" ELSE coalesce({interest}, {stage_probability}, 0) END)"
    )
