"""Why a document could not be read. Each error names the file and says what was wrong."""

from __future__ import annotations


class IngestError(Exception):
    """A document that cannot be turned into records. The rest of a batch goes on."""

    kind = "unreadable"

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class EmptyDocument(IngestError):
    kind = "empty"


class NotText(IngestError):
    kind = "not-text"


class UnrecognisedDocument(IngestError):
    kind = "not-a-code-document"


class TruncatedDocument(IngestError):
    kind = "truncated"
