"""Documents (text, HTML, PDF, e-mail) to source-linked FtM facts."""

from redtrace.ingest.extract import extract, languages
from redtrace.ingest.gazetteer import Gazetteer
from redtrace.ingest.read import Document, DocumentError, read

__all__ = ["Document", "DocumentError", "Gazetteer", "extract", "languages", "read"]
