"""Pick the reader for a document; an unknown document says which readers exist."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from ingest import explainer, report
from ingest.errors import UnrecognisedDocument
from ingest.records import DocumentRecord
from ingest.textio import read_source

# Order matters: a report also has prose sections, so tables are checked first.
READERS: dict[str, ModuleType] = {report.GENRE.value: report, explainer.GENRE.value: explainer}

DOCUMENT_SUFFIXES = (".txt", ".md", ".text")


def read_document(path: str | Path) -> DocumentRecord:
    """Read one document into a DocumentRecord, or raise an IngestError that names the file."""
    source, text = read_source(path)
    for reader in READERS.values():
        if reader.sniff(text):
            return reader.read(source, text)
    expected = "; ".join(f"{name}: {r.EXPECTS}" for name, r in READERS.items())
    raise UnrecognisedDocument(source.path, f"not a code document. Readers: {expected}")


def document_paths(paths: list[str | Path]) -> list[Path]:
    """Files named, plus document files found under folders named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
                       and f.name.lower() != "readme.md")
            )
        else:
            out.append(p)
    return out
