"""The schema table screening reads is FollowTheMoney's own ``can_match``."""

from followthemoney import model

from redtrace.screen.matcher import PARTY_SCHEMATA, schema_compatible
from redtrace.screen.query import SCHEMATA


def test_the_table_agrees_with_followthemoney() -> None:
    for query in SCHEMATA:
        for candidate in PARTY_SCHEMATA:
            expected = query == "Thing" or model.get(query).can_match(model.get(candidate))
            assert schema_compatible(query, candidate) == expected, (query, candidate)
    assert not schema_compatible("Company", "Person")
    assert schema_compatible("Person", "Person")
