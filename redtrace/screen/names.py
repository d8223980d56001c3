"""Names prepared for comparison: tokens, weights, skeletons and a compact form.

A name is split into Latin ASCII tokens; legal forms are set aside; Arabic particles
(``al-``/``el-``, ``abd al`` = ``abdul``, ``bin``/``ibn``) and common transliteration variants
(Mohammed/Muhammad, Usama/Osama) are folded to one spelling. Each token also gets a consonant
skeleton that survives vowel and doubling differences between transliterations.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

from redtrace.datafiles import rows
from redtrace.screen.chinese import has_han, to_latin
from redtrace.screen.korean import has_hangul
from redtrace.screen.korean import to_latin as korean_latin
from redtrace.screen.legal import is_form_word, split_legal_forms
from redtrace.screen.legal import table as legal_table
from redtrace.screen.text import HEBREW, tokens

DATA = Path(__file__).parent / "data"
ARTICLES = {"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ur", "ed", "es"}
ABD_JOINERS = {"al", "el", "ul", "ar", "ur", "ad", "as", "ash", "an", "at", "az"}
# Tokens so common in list names that they say little about identity.
LOW_WEIGHT = {
    "al",
    "el",
    "bin",
    "abu",
    "abdul",
    "the",
    "of",
    "and",
    "de",
    "la",
    "van",
    "von",
    "der",
    "da",
}
_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("sh", "s"),
             ("ch", "s"), ("zh", "z"), ("ts", "c"), ("ck", "k"), ("q", "k"), ("x", "ks"),
             ("w", "v"), ("dj", "j"))  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]")
_REPEAT = re.compile(r"(.)\1+")
LOOSE, AYN = 1, 2
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@cache
def variants() -> dict[str, str]:
    """Spelling -> canonical spelling, from ``data/name_variants.csv``."""
    out: dict[str, str] = {}
    with (DATA / "name_variants.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(line for line in fh if not line.startswith("#")):
            names = [n.strip() for n in row if n.strip()]
            for name in names:
                out[name] = names[0]
    return out


@cache
def _romanisation() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Spelling -> the sounds it may stand for (``data/romanisation.csv``), longest first."""
    table = [(r["spelling"], tuple(r["sounds"].split())) for r in rows(DATA / "romanisation.csv")]
    return tuple(sorted(table, key=lambda kv: -len(kv[0])))


_VOWEL_PAIRS = (("ee", "i"), ("ii", "i"), ("ie", "i"), ("oo", "u"), ("ou", "u"), ("uu", "u"),
                ("aa", "a"))  # fmt: skip
MAX_ROMAN_KEYS = 16


@lru_cache(maxsize=200_000)
def roman_keys(token: str) -> frozenset[str]:
    """The spellings ``token`` may be of one name romanised from Arabic or Persian: vowel
    pairs folded, then each ambiguous spelling read as each of its sounds ("thahab" ->
    zahab, sahab, tahab). Two tokens with a key in common are one name spelt two ways."""
    if len(token) < 3 or token.isdigit():
        return frozenset((token,))
    out = token
    for a, b in _VOWEL_PAIRS:
        out = out.replace(a, b)
    if len(out) > 3 and out[-1] == "h" and out[-2] in "aei":
        out = out[:-1]  # taa marbuta: "-ah", "-eh" or "-a"
    keys = [""]
    i = 0
    table = _romanisation()
    while i < len(out):
        for spelling, sounds in table:
            if out.startswith(spelling, i):
                keys = [k + s for k in keys for s in sounds][:MAX_ROMAN_KEYS]
                i += len(spelling)
                break
        else:
            keys = [k + out[i] for k in keys]
            i += 1
    return frozenset(_REPEAT.sub(r"\1", k) for k in keys)


@cache
def industry_words() -> dict[str, str]:
    """Organisation words folded to one spelling (``data/industry_words.csv``)."""
    return {r["spelling"]: r["canonical"] for r in rows(DATA / "industry_words.csv")}


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant skeleton: digraphs folded, vowels dropped, doubled letters collapsed."""
    if token.isdigit():
        return token
    out = token
    for a, b in _DIGRAPHS:
        out = out.replace(a, b)
    out = _REPEAT.sub(r"\1", _VOWELS.sub("", out))
    return out or token[:1]


# Digraphs that stand for one letter, without those that may join two ("sh", "kh", "th"):
# in a romanisation without vowels, "shrawy" (صحراوي) is s-h-r, not sh-r.
_PLAIN = (("ck", "k"), ("q", "k"), ("x", "ks"), ("w", "v"))


@lru_cache(maxsize=200_000)
def plain_skeleton(token: str) -> str:
    """A skeleton without the digraphs that may join two letters into one sound."""
    out = token
    for a, b in _PLAIN:
        out = out.replace(a, b)
    return _REPEAT.sub(r"\1", _VOWELS.sub("", out)) or token[:1]


# Two letters without dots in front of a name: initials ("KS Bancorp"), not a legal form.
_FRONT_INITIALS = re.compile(r"\s*[^\W\d_]{2}(?![\w.])")
# A short last word joined by a hyphen ("ISIS-SP", "ISIS-K"): part of the name, not a form.
_HYPHEN_TAIL = re.compile(r"[^\W_]-[^\W\d_]{1,4}\W*$")
# Names written as one word or two ("Hong Kong"/"HONGKONG"): one token.
JOINED = {("hong", "kong"): "hongkong"}


@cache
def arabic_names() -> dict[str, str]:
    return {r["arabic"]: r["latin"] for r in rows(DATA / "arabic_names.csv")}


def _read_arabic_names(original: str) -> tuple[str, set[str], set[str]]:
    """Arabic-script words found in the given-name table replaced by their Latin spelling;
    returns the text, the Latin words so put in (compared as written, not loosely) and the
    romanised words that begin with an ayn (which romanisation drops: "عمري" is "mry")."""
    known: set[str] = set()
    ayn: set[str] = set()
    words = []
    for word in original.split():
        found = _known_names(word)
        known.update(found)
        words.extend(found or [word])
        bare = word[2:] if word.startswith("\u0627\u0644") else word
        if not found and bare.startswith("\u0639"):
            ayn.update(tokens(bare.replace("\u0629", "\u0627")))
    return " ".join(words), known, ayn


# Persian letters written for their Arabic counterparts (yeh, kaf).
_PERSIAN = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})


def _known_names(word: str) -> list[str]:
    """The Latin spellings of ``word`` if the table knows it: as written, with Persian
    letters read as Arabic, with a final yaa read as alif maqsura ("عیسی" = "عيسى"), or as
    two known names run together ("محمدعلی" = Muhammad Ali)."""
    table = arabic_names()
    for form in _readings(word):
        if form in table:
            return [table[form]]
    arabic = word.translate(_PERSIAN)
    for cut in range(3, len(arabic) - 1):
        head = table.get(arabic[:cut])
        tail = next((table[f] for f in _readings(arabic[cut:]) if f in table), None)
        if head and tail:
            return [head, tail]
    return []


def _readings(word: str) -> tuple[str, ...]:
    arabic = word.translate(_PERSIAN)
    if arabic.endswith("\u064a"):
        return word, arabic, arabic[:-1] + "\u0649"
    return word, arabic


def _abd_from_arabic(parts: list[str]) -> list[str]:
    """ "عبد" romanises without its ayn ("bd"): "عبد الله" -> bd allh, "عبدالرحمن" ->
    bdalrhmn. Written as the Latin lists write them: abdul + the rest (abdul lh, abdul rhmn)."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        tok = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if tok == "bd" and nxt.startswith("al") and len(nxt) > 2:
            out += ["abdul", nxt[2:]]
            i += 2
            continue
        if tok.startswith("bdal") and len(tok) > 5:
            out += ["abdul", tok[4:]]
        else:
            out.append(tok)
        i += 1
    return out


def canonical_tokens(parts: list[str], from_arabic: bool = False) -> list[tuple[str, str]]:
    """Fold particles and variants: ``abd al rahman`` -> ``abdul rahman``.

    ``from_arabic``: the tokens were transliterated from Arabic script, where the article
    is written joined to the word (``البدري`` -> ``albdry``), so it is split off.
    """
    table = variants()
    out: list[tuple[str, str]] = []
    parts = _abd_from_arabic(parts) if from_arabic else parts
    i = 0
    while i < len(parts):
        tok = parts[i]
        if tok == "abd" and i + 1 < len(parts) and parts[i + 1] in ABD_JOINERS:
            tok, i = "abdul", i + 1
        elif i + 1 < len(parts) and (tok, parts[i + 1]) in JOINED:
            tok, i = JOINED[(tok, parts[i + 1])], i + 1
        elif tok.startswith(("abdul", "abdel", "abdal", "abdol")) and len(tok) > 6:
            out.append(("abdul", tok[:5]))
            tok = tok[5:]
        elif from_arabic and len(tok) > 4 and tok[:2] in ("al", "el") and tok not in table:
            # "albdry", "alsamrayy": the Arabic article written joined to the word.
            out.append(("al", "al"))
            tok = tok[2:]
        out.append((table.get(tok, tok), tok))
        i += 1
    return out


class PreparedName:
    """A name ready for comparison. ``tokens`` excludes legal forms."""

    __slots__ = (
        "compact",
        "costs",
        "forms",
        "front_initials",
        "is_org",
        "loose",
        "loose_tokens",
        "original",
        "raw",
        "sigs",
        "skeletons",
        "tokens",
        "weights",
        "words",
    )  # fmt: skip

    def __init__(self, original: str, is_org: bool) -> None:
        self.original = original
        self.is_org = is_org
        self.front_initials = _FRONT_INITIALS.match(original) is not None
        # Compatibility forms (Arabic presentation forms "ﻫﺎﻟﺔ", full-width brackets) first.
        text = unicodedata.normalize("NFKC", original)
        arabic = _ARABIC.search(text) is not None
        hebrew = not arabic and HEBREW.search(text) is not None
        # Names romanised from Arabic or Hebrew script lack short vowels ("mhmd"): compare
        # them on consonant skeletons. Taa marbuta is a vowel ending in every romanisation.
        # Common given names are read from a table instead, and compared as written.
        self.loose = arabic or hebrew
        known: set[str] = set()
        ayn: set[str] = set()
        if has_hangul(text):
            text = korean_latin(text, is_org)
        if has_han(text):
            original_latin = to_latin(text, is_org)
        elif arabic:
            original_latin, known, ayn = _read_arabic_names(text)
            original_latin = original_latin.replace("ة", "ا")
        elif hebrew:
            original_latin = text
            # Ayin and alef at a word's start leave no letter: a Latin vowel stands there.
            ayn = {t for w in text.split() if w[:1] in "\u05d0\u05e2" for t in tokens(w)}
        else:
            original_latin = text
        raw = tokens(original_latin)
        if is_org:
            folds = industry_words()
            raw = [folds.get(t, t) for t in raw]
            hyphened = _HYPHEN_TAIL.search(original_latin) is not None
            core, self.forms = split_legal_forms(raw, hyphened, generic_words())
        else:
            core, self.forms = raw, []
        folded = canonical_tokens(core, arabic)
        self.tokens: tuple[str, ...] = tuple(t for t, _ in folded)
        self.raw: tuple[str, ...] = tuple(r for _, r in folded)
        self.skeletons: tuple[str, ...] = tuple(skeleton(t) for t in self.tokens)
        # 0: compared as written; LOOSE: romanised from Arabic or Hebrew script (no short
        # vowels); AYN: that, and its first letter (ayn) left no trace in the romanisation.
        self.loose_tokens: tuple[int, ...] = tuple(
            (AYN if r in ayn else LOOSE) if self.loose and r not in known else 0 for r in self.raw
        )
        # One string per token for the similarity cache: what its similarity depends on.
        self.sigs: tuple[str, ...] = tuple(
            f"{t}\x1f{r}\x1f{loose}"
            for t, r, loose in zip(self.tokens, self.raw, self.loose_tokens, strict=True)
        )
        self.compact = "".join(t for t in self.tokens if t not in ARTICLES)
        self.words = sum(t not in ARTICLES for t in self.tokens)  # articles aside
        # Per weighting (person, organisation): token weights and total, and for a query
        # what each token's absence costs (filled by the comparison, kept with the name).
        self.weights: dict[Callable[[str], float], tuple[tuple[float, ...], float]] = {}
        self.costs: dict[Callable[[str], float], tuple[float, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self.tokens)

    def __repr__(self) -> str:
        return f"PreparedName({self.original!r}, {self.tokens})"


@cache
def generic_words() -> frozenset[str]:
    """Words common in company names (``data/generic_org_words.csv``) plus legal forms."""
    with (DATA / "generic_org_words.csv").open(encoding="utf-8") as fh:
        rows = [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    forms = {k[0] for k in legal_table() if len(k) == 1 and is_form_word(k[0])}
    return frozenset(rows[1:]) | forms


def token_weight(token: str, org: bool = True) -> float:
    """Prior weight of a token before corpus frequency is known. Words of company names
    and legal forms weigh little only in organisations' names: in a person's name "He",
    "Yu" or "Zhu" is a surname, not a legal form."""
    if token in LOW_WEIGHT or token in ARTICLES:
        return 0.2
    if org and token in generic_words():
        return 0.25
    if token.isdigit():
        return 0.6
    return 1.0 if len(token) > 2 else 0.5
