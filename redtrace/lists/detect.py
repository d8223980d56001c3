"""Tell a list file's format from its content, and group files into loads."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from redtrace.lists import (
    bis_dpl,
    bis_mieu,
    csl,
    eu_oj,
    ftm,
    ofac_csv,
    ofac_enhanced,
    ofac_xml,
    uk_ofsi,
    un,
)
from redtrace.lists.base import ListFormatError, ParsedList, SourceFile

FORMATS = (
    "un_xml", "ofac_xml", "ofac_enhanced_xml", "ofac_csv", "csl_csv", "uk_conlist",
    "eu_oj_csv", "bis_dpl_txt", "bis_mieu_csv", "ftm_json",
)  # fmt: skip


def detect(source: SourceFile) -> str:
    """Name the format of a file from its bytes; raise ListFormatError if it is none of ours."""
    data = source.data
    if not data.strip(b" \t\r\n\x1a\xef\xbb\xbf"):
        raise ListFormatError(source.name, "file is empty", "line 1")
    if data[:2] == b"PK":
        return _detect_zip(source)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _detect_xml(source, head)
    if head.startswith(b"{"):
        return "ftm_json"
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if first.startswith("_id,source,") or first.startswith('"_id","source",'):
        return "csl_csv"
    if first.startswith("celex,"):
        return "eu_oj_csv"
    if first.startswith('"Name"\t"Street_Address"') or first.startswith("Name\tStreet_Address"):
        return "bis_dpl_txt"
    if first.startswith("Type,Name,Alias,Country"):
        return "bis_mieu_csv"
    if first.startswith("Last Updated") or "Group ID" in first:
        return "uk_conlist"
    if first.split(",", 1)[0].strip().isdigit():
        ofac_csv.part_of(source)  # raises when the column count fits no part
        return "ofac_csv"
    raise ListFormatError(
        source.name, f"not a list format redtrace reads (first line: {first[:60]!r})", "line 1"
    )


def _detect_xml(source: SourceFile, head: bytes) -> str:
    text = head.decode("utf-8", "replace")
    for marker, fmt in (
        ("<CONSOLIDATED_LIST", "un_xml"),
        ("<sdnList", "ofac_xml"),
        ("<sanctionsData", "ofac_enhanced_xml"),
    ):
        if marker in text:
            return fmt
    if "<html" in text.lower():
        raise ListFormatError(source.name, "this is an HTML page, not a list file", "line 1")
    raise ListFormatError(source.name, "XML of an unknown kind (no known root element)", "line 1")


def _detect_zip(source: SourceFile) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            names = archive.namelist()
            if any(n.startswith("xl/") for n in names):
                return "uk_conlist"
            xml = [n for n in names if n.lower().endswith(".xml")]
            if len(xml) == 1:
                head = archive.open(xml[0]).read(4096)
                if b"<sanctionsData" in head:
                    return "ofac_enhanced_xml"
    except zipfile.BadZipFile as exc:
        raise ListFormatError(source.name, f"broken zip archive ({exc})") from exc
    raise ListFormatError(source.name, f"zip archive of an unknown kind ({names[:3]})")


@dataclass
class LoadJob:
    """Files that load together as one dataset version."""

    format: str
    dataset: str | None
    files: list[SourceFile] = field(default_factory=list)

    def parse(self) -> ParsedList:
        parser = PARSERS[self.format]
        return parser(self)


def _default_dataset(fmt: str, source: SourceFile) -> str | None:
    name = source.name.lower()
    if fmt in ("ofac_xml", "ofac_csv"):
        return "us_ofac_cons" if "cons" in name else "us_ofac_sdn"
    if fmt == "ftm_json":
        return f"ftm_{source.path.resolve().parent.name}"
    return None  # the parser's own default


def plan(
    paths: list[Path], dataset: str | None = None
) -> tuple[list[LoadJob], list[ListFormatError]]:
    """Read and detect every file; OFAC CSV parts in one folder become one job.

    A file that cannot be read or recognised is returned as an error; the others go on.
    """
    files: list[Path] = []
    errors: list[ListFormatError] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            )
        elif path.exists():
            files.append(path)
        else:
            errors.append(ListFormatError(str(path), "no such file"))
    jobs: list[LoadJob] = []
    ofac_sets: dict[tuple[Path, str | None], LoadJob] = {}
    for path in files:
        try:
            source = SourceFile.read(path)
            fmt = detect(source)
        except ListFormatError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(ListFormatError(str(path), f"cannot read ({exc.strerror})"))
            continue
        ds = dataset or _default_dataset(fmt, source)
        if fmt == "ofac_csv":
            key = (path.resolve().parent, ds)
            if key not in ofac_sets:
                ofac_sets[key] = LoadJob(fmt, ds)
                jobs.append(ofac_sets[key])
            ofac_sets[key].files.append(source)
        else:
            jobs.append(LoadJob(fmt, ds, [source]))
    return jobs, errors


def _one(job: LoadJob) -> SourceFile:
    return job.files[0]


PARSERS: dict[str, Callable[[LoadJob], ParsedList]] = {
    "un_xml": lambda j: un.parse(_one(j), j.dataset or un.DATASET),
    "ofac_xml": lambda j: ofac_xml.parse(_one(j), j.dataset or "us_ofac_sdn"),
    "ofac_enhanced_xml": lambda j: ofac_enhanced.parse(_one(j), j.dataset),
    "ofac_csv": lambda j: ofac_csv.parse(j.files, j.dataset or ofac_csv.DATASET),
    "csl_csv": lambda j: csl.parse(_one(j), j.dataset or csl.DATASET),
    "uk_conlist": lambda j: uk_ofsi.parse(_one(j), j.dataset or uk_ofsi.DATASET),
    "eu_oj_csv": lambda j: eu_oj.parse(_one(j), j.dataset or eu_oj.DATASET),
    "bis_dpl_txt": lambda j: bis_dpl.parse(_one(j), j.dataset or bis_dpl.DATASET),
    "bis_mieu_csv": lambda j: bis_mieu.parse(_one(j), j.dataset or bis_mieu.DATASET),
    "ftm_json": lambda j: ftm.parse(_one(j), j.dataset or "ftm"),
}
