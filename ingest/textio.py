"""Read a document file as text, refusing what is not a text document."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import EmptyDocument, NotText, TruncatedDocument
from ingest.records import SourceInfo

_SNIFF_BYTES = 8192
_MAX_CONTROL_RATIO = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def read_source(path: str | Path) -> tuple[SourceInfo, str]:
    """The file's identity (name, sha256) and its text with normalised line ends and spaces."""
    p = Path(path)
    data = p.read_bytes()
    info = SourceInfo(
        path=str(p), file_name=p.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )
    if not data.strip():
        raise EmptyDocument(str(p), "the file is empty")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise NotText(str(p), "binary content (NUL bytes), not a text document")
    text = _decode(str(p), data)
    controls = len(_CONTROL.findall(text, 0, _SNIFF_BYTES))
    if controls > _MAX_CONTROL_RATIO * min(len(text), _SNIFF_BYTES):
        raise NotText(str(p), f"{controls} control characters in the first {_SNIFF_BYTES} bytes")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return info, text


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and exc.reason == "unexpected end of data":
            raise TruncatedDocument(
                path, "the file ends in the middle of a UTF-8 character (cut off?)"
            ) from None
        # Pages saved from Windows tools are often cp1252; anything else is not a text document.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise NotText(
                path, f"not UTF-8 or cp1252 text (bad byte at offset {exc.start})"
            ) from None
