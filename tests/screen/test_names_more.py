"""Chinese-script names, names that only look like typos of each other, person-name token
weights, and list names with a trailing short form: pinned on real list entries."""

from redtrace.lists.un import alias_spellings
from redtrace.screen.compare import PERSON_COVERAGE_EXPONENT, name_pair_score
from redtrace.screen.matcher import Matcher
from redtrace.screen.names import PreparedName


def _score(matcher: Matcher, a: str, b: str, org: bool) -> float:
    weight = matcher.index.weight if org else matcher.index.person_weight
    return name_pair_score(PreparedName(a, org), PreparedName(b, org), weight,
                           0.8 if org else PERSON_COVERAGE_EXPONENT)  # fmt: skip


def test_chinese_script_names_meet_their_latin_names(matcher: Matcher) -> None:
    # UK list 13630 and 16675; persons UK 16461 and 16462.
    assert _score(matcher, "華信船務(香港)有限公司", "HUAXIN SHIPPING HONGKONG LTD", True) >= 0.9
    assert (
        _score(matcher, "成都景昕科技有限公司", "CHENGDU JINGXIN TECHNOLOGY CO. LTD", True) >= 0.9
    )
    assert _score(matcher, "赵光宗", "Guangzong ZHAO", False) >= 0.9
    assert _score(matcher, "倪高彬", "Gaobin NI", False) >= 0.9
    assert PreparedName("Hong Kong Electronics", True).tokens == ("hongkong", "electronics")


def test_different_names_that_look_like_typos(matcher: Matcher) -> None:
    assert _score(matcher, "Wei Zheng", "WEI, Zhang", False) < 0.7  # 郑 and 张
    assert _score(matcher, "Jing Zhang", "ZHANG, Jiang", False) < 0.7
    assert _score(matcher, "Yulia Vasilieva", "Yulia Vasilievna", False) < 0.7  # patronymic
    assert _score(matcher, "Guangzhong Zhao", "Guangzong ZHAO", False) >= 0.7  # a typo


def test_short_surnames_weigh_as_names_in_person_names(matcher: Matcher) -> None:
    # "Zhu", "He", "Yu" are legal forms in the GLEIF table, surnames in a person's name.
    assert _score(matcher, "Qiang Zhu", "QIANG HU", False) < 0.7
    assert _score(matcher, "Fang Zhu", "Fang Yu", False) < 0.7


def test_trailing_short_form_and_packed_un_aliases(matcher: Matcher) -> None:
    result = matcher.match(
        {"schema": "Organization", "properties": {"name": ["Haqqani Network"]}},
        dataset="un_sc_sanctions",
    )["results"][0]
    assert result["caption"] == "HAQQANI NETWORK (HQN)" and result["score"] == 1.0
    assert alias_spellings("جبهة النصرة (the Victory Front; Jabhat al-Nusrah)") == [
        "جبهة النصرة", "the Victory Front", "Jabhat al-Nusrah"]  # fmt: skip
    hts = matcher.match(
        {"schema": "Organization", "properties": {"name": ["Hayat Tahrir al-Sham"]}},
        dataset="un_sc_sanctions",
    )["results"][0]
    assert {"dataset": "un_sc_sanctions", "ref": "QDe.137"} in hts["list_refs"]
    assert hts["score"] >= 0.95


def test_arabic_script_names_meet_latin_spellings(matcher: Matcher) -> None:
    # UN/UK entries whose Arabic-script alias had not met their Latin names before.
    for arabic, latin in (
        ("محمد رسول ایوب", "MOHAMMAD RASUL AYYUB"),  # waw as a long vowel
        ("عبدالرحمان زاهد", "ABDUL RAHMAN ZAHED"),  # عبد without its ayn
        ("جمال مصطفى عبد الله سلطان التكريتي", "JAMAL MUSTAFA ABDALLAH SULTAN AL-TIKRITI"),
        ("حمد الله سنانی", "HAMDULLAH SUNANI"),  # a compound written in two words
        ("رحمت الله کاکا زاده", "RAHMATULLAH KAKAZADA"),
    ):
        assert _score(matcher, arabic, latin, False) >= 0.7, arabic
    assert _score(matcher, "محمد رسول ایوب", "MOHAMMAD RASUL KHAN", False) < 0.7


def test_arabic_script_readings_that_are_other_names(matcher: Matcher) -> None:
    # Latin spellings on real entries (UK 12053, OFAC 21961, EL AISSAMI, UK 15598, UK 10638)
    # against common Arabic names that are not theirs.
    for arabic, latin in (
        ("سمير الحسيني", "Samir AL-HASSAN"),  # a final yaa: Husseini, not Hassan
        ("طارق الشامي", "EL AISSAMI, Tarek"),  # no ayn before the shin
        ("وليد العمري", "AL-MISRI, Abu Walid"),  # an ayn: Omari, not Misri
        ("خالد منصور", "Khalil MANSUR"),  # Khalid and Khalil: two given names
        ("حسين النجار", "حسین نجات"),  # both in Arabic script: every letter counts
        ("خالد السعدي", "YEHIA, Khaled Said"),  # a Latin word more is not a compound
    ):
        assert _score(matcher, arabic, latin, False) < 0.7, arabic
    assert _score(matcher, "Khalid Mansur", "Khalil MANSUR", False) < 0.7
    for arabic, latin in (
        ("جعفری محمدعلی", "Mohammad Ali JAFARI"),  # Persian letters, two names run together
        ("موسى بن عمر بن علي السعدي", "Moussa Ben Omar Ben Ali ESSAADI"),  # es-Saadi
        ("گشت ارشاد", "Gasht-e Ershad"),  # the Persian ezafe
        ("إبراهيم العمري", "Ibrahim AL-OMARI"),  # an ayn met by a vowel
        ("خالد منصور", "Khaled MANSOUR"),
    ):
        assert _score(matcher, arabic, latin, False) >= 0.7, arabic


def test_typos_in_legal_forms_and_first_letters(matcher: Matcher) -> None:
    # UK 10894, OFAC 10410, UK 16452, OFAC 25647, UK 15984: real names with one typo each.
    assert PreparedName("TANCHON COMMECIAL BANK", True).tokens == ("tanchon",)
    assert PreparedName("ACME LIMoTED", True).tokens == ("acme",)
    # "FOUNDATION" is never a legal form, and neither is a typo of it.
    assert PreparedName("MARTYRS FUNDATION", True).tokens == ("martyrs", "fundation")
    for query, listed, org in (
        ("TANCHON COMMECIAL BANK", "TANCHON COMMERCIAL BANK", True),
        ("PRdVATE MILITARY COMPANY REDUT", "PRIVATE MILITARY COMPANY REDUT", True),
        ("ADVANCED TECHNOLOGIES COMPNY OF IRAN", "ADVANCED TECHNOLOGIES COMPANY OF IRAN", True),
        ("Mohammed ossein KHOSRAVI", "Mohammad Hossein KHOSRAVI", False),
    ):
        assert _score(matcher, query, listed, org) >= 0.7, query


def test_greek_hebrew_and_presentation_forms(matcher: Matcher) -> None:
    # UK 15884 (Greek), UK 16489 and 16485 (Hebrew), UK 13508 (Arabic presentation forms).
    for query, listed in (
        ("ΧΡΙΣΤΟΔΟΥΛΟΣ Γ. ΒΑΣΙΛΕΙΑΔΗΣ", "Christodoylos Georgiou VASILEIADES"),  # G. an initial
        ("נעם פדרמן", "Noam FEDERMAN"),
        ("עדן לוי", "Eden LEVI"),
        ("ﻫﺎﻟﺔ ﺳﺮﺣﺎﻥ", "Hala SIRHAN"),
    ):
        assert _score(matcher, query, listed, False) >= 0.7, query
    assert _score(matcher, "נעם פדרמן", "Noam FRIEDMAN", False) < 0.7
