import csv

import pytest
from click.testing import CliRunner

from redtrace.cli import main
from redtrace.goods import cas_valid, classify, controls_for_cas, hs_codes
from redtrace.goods.classify import terms
from redtrace.goods.tables import DATA, chpl, concerns, precursors


def _regimes(result: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(c["regime"], c["annex"]) for c in result["controls"]}


@pytest.mark.parametrize(
    "description",
    ["aluminium paste, non-leafing", "Aluminiumpaste", "Alüminyum pasta", "alüminyum pastası",
     "pâte d'aluminium", "pasta de aluminio", "عجينة الألومنيوم"],
)  # fmt: skip
def test_aluminium_paste_in_six_languages(description: str) -> None:
    result = classify(description).to_dict()
    assert result["candidates"][0]["hs"] == "760320"
    assert ("eu_2019_1148", "II") in _regimes(result)
    assert ("concern", "ALUMINIUM_POWDER") in _regimes(result)


def test_the_documented_engines() -> None:
    pulse = classify("pulse jet engine").to_dict()
    assert [c["hs"] for c in pulse["candidates"]] == ["841210"]  # not also "jet engine"
    turbine = classify("Turbinentriebwerk für Modellflugzeuge").to_dict()
    assert turbine["candidates"][0]["hs"] == "841111"
    assert ("concern", "UAV_ENGINE") in _regimes(turbine)


def test_hs_code_forms_and_validity() -> None:
    for form in ("7603.20", "7603 20", "760320", "7603.20.00"):
        result = classify(hs=form).to_dict()
        assert result["hs_valid"] and result["hs_code"].startswith("760320")
    assert classify(hs="8517.12").to_dict()["hs_valid"] is False  # deleted in HS 2022
    assert classify(hs="9999.99").to_dict()["flags"][0]["code"] == "HS_UNKNOWN"
    chip = classify(hs="8542.31").to_dict()
    assert ("chpl", "tier 1") in _regimes(chip)


def test_hs_code_contradicting_the_description_is_a_flag() -> None:
    result = classify("Aluminiumpaste 6000 kg", hs="8517.13").to_dict()
    codes = [f["code"] for f in result["flags"]]
    assert codes == ["HS_DESCRIPTION_MISMATCH"]
    assert "760320" in result["flags"][0]["explanation"]
    assert not classify("aluminium paste", hs="7603.20").to_dict()["flags"]


def test_cas_numbers() -> None:
    assert cas_valid("7697-37-2") and not cas_valid("7697-37-3")
    nitric = controls_for_cas("7697-37-2")
    assert nitric[0].regime == "eu_2019_1148" and nitric[0].entry == "I"
    assert "3 % w/w" in nitric[0].note
    result = classify(cas=["7664-38-2"]).to_dict()  # phosphoric acid: UK only
    assert ("gb_2023_63", "regulated") in _regimes(result)
    assert classify(cas=["123-45-6"]).to_dict()["flags"][0]["code"] == "CAS_INVALID"


def test_every_table_code_exists_in_hs_2022() -> None:
    codes = hs_codes()
    for term in terms():
        assert term.hs in codes, term
    for hs6 in chpl():
        assert hs6 in codes, hs6
    for code, _, prefixes, _, _ in concerns():
        for prefix in prefixes:
            assert prefix in codes, (code, prefix)
    for p in precursors():
        for prefix in p.hs_prefixes:
            assert prefix[:4] in codes, (p.substance, prefix)


def test_tables_name_their_source() -> None:
    with (DATA / "items_of_concern.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    assert rows and all(r["source"] for r in rows)


def test_cli() -> None:
    result = CliRunner().invoke(main, ["goods", "classify", "Alüminyum pasta", "--hs", "8517.13"])
    assert result.exit_code == 0
    assert "reads as HS 760320" in result.stdout
    assert "CONTROL eu_2019_1148 II" in result.stdout
    assert "FLAG HS_DESCRIPTION_MISMATCH" in result.stdout
