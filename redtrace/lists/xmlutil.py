"""Small helpers for reading official XML files safely and reporting where they break."""

from __future__ import annotations

from lxml import etree

from redtrace.lists.base import ListFormatError, SourceFile


def parse_xml(source: SourceFile) -> etree._Element:
    """Parse a whole XML file, turning syntax errors into a ListFormatError with the line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(source.data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise ListFormatError(source.name, f"XML is broken: {exc.msg}", f"line {line}") from exc
    if root is None:
        raise ListFormatError(source.name, "XML has no root element")
    return root


def strip_ns(root: etree._Element) -> etree._Element:
    """Drop XML namespaces so that element paths stay short (OFAC changes its namespace)."""
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    return root


def text(el: etree._Element | None, path: str | None = None) -> str | None:
    """Stripped text of ``el`` or of its child at ``path``; None when missing or blank."""
    if el is None:
        return None
    node = el.find(path) if path else el
    if node is None or node.text is None:
        return None
    value = node.text.strip()
    return value or None


def texts(el: etree._Element, path: str) -> list[str]:
    out = []
    for node in el.findall(path):
        if node.text and node.text.strip():
            out.append(node.text.strip())
    return out
