from redtrace.screen.compare import birth_date_match, identifier_match, token_similarity
from redtrace.screen.legal import split_legal_forms
from redtrace.screen.names import PreparedName, skeleton
from redtrace.screen.text import tokens


def test_legal_forms() -> None:
    assert split_legal_forms(tokens("SIS d.o.o.")) == (["sis"], ["doo"])
    assert split_legal_forms(tokens("SIS DOO")) == (["sis"], ["doo"])
    assert split_legal_forms(tokens("Yildiz Iletisim Ltd. Şti."))[0] == ["yildiz", "iletisim"]
    assert split_legal_forms(tokens("ООО Ромашка")) == (["romashka"], ["ooo"])
    assert split_legal_forms(tokens("VTB Bank PJSC"))[0] == ["vtb", "bank"]  # "bank" stays
    for a, b in (("Doostan International Co.", "DOOSTAN INTERNATIONAL COMPANY"),
                 ("Comoil (Pvt) Limited", "COMOIL (PVT) LTD")):  # fmt: skip
        assert split_legal_forms(tokens(a))[0] == split_legal_forms(tokens(b))[0]


def test_particles_and_variants() -> None:
    a = PreparedName("Abd al-Rahman bin Mohammed", False)
    b = PreparedName("Abdulrahman Ibn Muhammad", False)
    assert a.tokens == b.tokens == ("abdul", "rahman", "bin", "muhammad")
    assert PreparedName("Usama", False).tokens == PreparedName("Osama", False).tokens


def test_skeletons_and_token_similarity() -> None:
    assert skeleton("youssef") == skeleton("yusuf")
    assert token_similarity("baghdadi", "bagdadi", skeleton("baghdadi"), skeleton("bagdadi")) > 0.8
    assert token_similarity("yang", "kang", skeleton("yang"), skeleton("kang")) == 0.0
    assert token_similarity("he", "hu", "h", "h") == 0.0


def test_dates_and_identifiers() -> None:
    assert birth_date_match(["1971"], ["1971-05-02"])[0] == 0.5
    assert birth_date_match(["1971-05-02"], ["1971-05-02"])[0] == 1.0
    assert birth_date_match(["1980"], ["1971"])[0] == -1.0
    assert identifier_match(["AB 123-456"], ["ab123456"])[0] == 1.0
    assert identifier_match(["123"], ["123"])[0] == 0.0  # too short to say anything
