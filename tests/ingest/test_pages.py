"""List links on real web pages in eight languages (tests/fixtures/pages, issue #17), with
the UN list and OFAC SDN 2021-07 loaded: the dev half the rules were written on, the
negative pages of both halves, and the reason every link carries."""

import json
from pathlib import Path
from typing import Any

import pytest

from redtrace.ingest import Gazetteer, extract, read
from redtrace.ingest.evaluate import PageScore, score_entities

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
GOLD = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))
FILES = sorted(f for f in GOLD if not f.startswith("_"))


def _links(file: str, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    facts = extract(read(PAGES / file), gazetteer)
    return [f for f in facts if f["schema"] == "Mention" and f["list_refs"]]


# Known regression since the symmetric name score (issue #16): "Ahmed Fathy" on a Spanish
# football page links the OFAC alias "Fathy Ahmed HAMAD", the mention being all of two of
# its three words. Strict: the day it passes again, the mark must go.
_SYMMETRIC_REGRESSION = pytest.mark.xfail(
    reason="issue #16/#17: a mention that is part of a longer list name", strict=True
)


@pytest.mark.parametrize(
    "file",
    [pytest.param(f, marks=_SYMMETRIC_REGRESSION) if f == "es_sportingafrica_convocatoria.txt"
     else f for f in FILES if GOLD[f]["kind"] == "negative"],
)  # fmt: skip
def test_no_link_on_negative_pages(file: str, pages_gazetteer: Gazetteer) -> None:
    # Footballers and mayors called Mohamed, Abdallah, Mustafa; the goddess and an actress
    # called Isis.
    assert [f["surface"] for f in _links(file, pages_gazetteer)] == []


def test_dev_pages_precision_and_recall(pages_gazetteer: Gazetteer) -> None:
    entities = GOLD["_entities"]
    total = PageScore()
    for file in FILES:
        meta = GOLD[file]
        if meta["split"] != "dev":
            continue
        facts = extract(read(PAGES / file), pages_gazetteer)
        total.add(score_entities(facts, [entities[m] for m in meta["mentions"]],
                                 [entities[o] for o in meta["optional"]], file))  # fmt: skip
    assert total.gold > 70
    assert total.precision >= 0.95, total.false_links
    assert total.recall >= 0.9, total.missed


def test_every_link_says_why(pages_gazetteer: Gazetteer) -> None:
    reasons = []
    for file in ("fr_directinfo_six_individus.txt", "ru_dw_posobniki_ig.txt"):
        for link in _links(file, pages_gazetteer):
            assert link["reason"]
            reasons.append(link["reason"])
    # A Russian genitive found on stems, a typo'd first name skipped, a Cyrillic person.
    assert any("Исламского государства" in r for r in reasons)
    assert any("screened" in r and "Dabidi" in r for r in reasons)
    assert any("Измайлов" in r for r in reasons)


def test_kunya_alone_and_lower_case_alias_do_not_link(pages_gazetteer: Gazetteer) -> None:
    links = {f["surface"] for f in _links("es_lavoz_tres_individuos.txt", pages_gazetteer)}
    assert "el hermano" not in links and {"Alaa Khanfurah", "Idris al-Fay"} <= links
    links = {f["surface"] for f in _links("en_tasnim_un_isil.txt", pages_gazetteer)}
    assert "Abu Muhammad" not in links and "Abu Muhammad al-Adnani" in links
