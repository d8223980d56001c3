"""Mentions screened like queries (resolve.py), candidate spans (spans.py) and inflected
names (inflect.py), on names from the real pages of tests/fixtures/pages."""

from redtrace.ingest import Gazetteer
from redtrace.ingest.inflect import StemIndex, uninflected
from redtrace.ingest.resolve import kunya, telling
from redtrace.ingest.spans import spans


def _refs(gazetteer: Gazetteer, text: str, org_cue: bool = False) -> set[str]:
    assert gazetteer.resolver is not None
    found = gazetteer.resolver.resolve(text, org_cue)
    return {ref for _, ref in found.refs} if found else set()


def test_names_in_other_scripts_and_cases(pages_gazetteer: Gazetteer) -> None:
    assert "QDi.323" in _refs(pages_gazetteer, "Саида Арифа")  # Russian genitive
    assert "12735" in _refs(pages_gazetteer, "Башара Асада")
    assert "31951" in _refs(pages_gazetteer, "علاء خنفورة")  # Arabic script
    assert "QDe.154" in _refs(pages_gazetteer, "سلسلة الذهب", org_cue=True)
    assert "15591" in _refs(pages_gazetteer, "Anas Hasan Hattab")  # Turkish spelling


def test_common_and_generic_names_do_not_resolve(pages_gazetteer: Gazetteer) -> None:
    # Each of these screens well against some list entry: none tells who is meant.
    for text in ("Abu Muhammad", "Mustafa Muhammed", "Mohamed Salah", "Abdallah Mohamed",
                 "el hermano", "Fawaz Mohammed", "Middle East"):  # fmt: skip
        assert _refs(pages_gazetteer, text) == set(), text


def test_telling_words_and_kunyas() -> None:
    assert telling("Abu Muhammad") == [] and kunya("Abu Muhammad")
    assert telling("Abu Bakr al-Baghdadi") == ["baghdadi"]
    assert not kunya("Hamid Hamad Hamid al-Ali")


def test_spans() -> None:
    text = "los hermanos turcos Ismail y Ahmet Bayaltun y el Salim Mustafa Muhammed el-Mansur'u"
    found = [(s.text, text[s.start : s.end]) for s in spans(text)]
    assert ("Ismail Bayaltun", "Ismail") in found  # a shared surname
    assert ("Ahmet Bayaltun", "Ahmet Bayaltun") in found
    assert ("Salim Mustafa Muhammed el-Mansur",) * 2 in found  # Turkish suffix cut off
    arabic = "المدعوين علاء خنفورة وإدريس الفاي وشركة الفاي التي"
    assert [s.text for s in spans(arabic)] == ["علاء خنفورة", "إدريس الفاي", "الفاي"]


def test_stems_and_case_endings() -> None:
    index: StemIndex[str] = StemIndex()
    index.add("ru", "Исламское государство", "ISIL")
    index.add("de", "Islamischer Staat", "ISIL")
    text = "пособников Исламского государства"
    assert [(text[s:e], t) for s, e, t in index.find(text, ["ru"])] == [
        ("Исламского государства", ["ISIL"])
    ]
    assert index.find("des Islamischen Staates", ["de"])
    assert uninflected("Саида Арифа") == "Саид Ариф"
    assert uninflected("Шамиль Измайлов") is None
