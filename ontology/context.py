"""The JSON-LD context of medkg: every prefix of ontology.namespaces.PREFIXES, nothing else.

`ontology/context.jsonld` is generated from it (`python -m ontology.context`); a test checks the
file is up to date. JSON-LD exports embed the same context, so their keys read mkg:indication,
hcpcs:J9039 rather than full IRIs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ontology.namespaces import PREFIXES

CONTEXT_FILE = Path(__file__).with_name("context.jsonld")


def jsonld_context() -> dict[str, str]:
    return dict(PREFIXES)


def context_document() -> str:
    """The text of ontology/context.jsonld."""
    return json.dumps({"@context": jsonld_context()}, indent=2) + "\n"


def main(argv: list[str] | None = None) -> None:
    target = Path(argv[0]) if argv else CONTEXT_FILE
    target.write_text(context_document(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
