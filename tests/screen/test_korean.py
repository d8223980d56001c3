"""Hangul names read as the lists print DPRK names (UK 16815-16820, UN KPi entries)."""

from redtrace.screen.korean import to_latin
from redtrace.screen.names import PreparedName


def test_syllables_as_the_lists_write_them() -> None:
    assert to_latin("김영복", False) == "kim yong bok"  # UK 16816: KIM YONG BOK
    assert to_latin("노광철", False) == "no kwang chol"  # UK 16818
    assert to_latin("리송진", False) == "ri song jin"  # UK 16820
    assert to_latin("백세봉", False) == "paek se bong"  # UN KPi: PAEK Se Bong
    assert to_latin("김동명", False) == "kim tong myong"  # UN KPi: KIM Tong Myong
    assert to_latin("조선무역", True) == "josonmuyok"  # a company's words run together


def test_hangul_names_meet_latin_spellings() -> None:
    assert PreparedName("리창호", False).tokens == PreparedName("LEE CHANG-HO", False).tokens
    assert PreparedName("신금철", False).tokens == PreparedName("SIN KUM CHOL", False).tokens
