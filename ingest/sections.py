"""Split a page into sections of items, whatever heading names and bullet styles it uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.vocab import section_for_heading

_BULLET = re.compile(r"^(?P<indent>\s*)(?P<mark>[•◦▪·*\-–—]|\d{1,2}[.)])\s+(?P<text>.*)$")
# "Location: Usually performed in a hospital." – a heading and its first line in one.
_TRAILING_LABEL = re.compile(r"^(?P<text>.*[.!?])\s+(?P<label>[A-Z][\w /&-]{2,40}):$")
_LABELLED = re.compile(r"^(?P<label>[A-Z][A-Za-z /&()'-]{2,60}):\s+(?P<text>\S.*)$")


@dataclass(frozen=True)
class Item:
    line: int  # 1-based
    text: str
    indent: int = 0
    bullet: bool = False
    label: str | None = None  # a sub-label inside a section ("Common Risks", "Rare")


@dataclass
class Section:
    name: str  # canonical name, or "preamble" before the first heading
    heading: str
    line: int
    items: list[Item] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(i.text for i in self.items)


def split_sections(text: str) -> list[Section]:
    """Sections in page order. Unknown lines ending in ':' become sub-labels of the section."""
    return list(_split_sections(text))


@lru_cache(maxsize=4)  # a reader's sniff and its read split the same page: split it once
def _split_sections(text: str) -> tuple[Section, ...]:
    sections = [Section("preamble", "", 1)]
    label: str | None = None
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or "|" in stripped:
            continue
        bullet = _BULLET.match(line)
        if not bullet:
            name = section_for_heading(stripped)
            if name:
                sections.append(Section(name, stripped.rstrip(":"), n))
                label = None
                continue
            labelled = _LABELLED.match(stripped)
            if labelled and (name := section_for_heading(labelled["label"])):
                sections.append(Section(name, labelled["label"], n))
                sections[-1].items.append(Item(n, labelled["text"].strip()))
                label = None
                continue
            if stripped.endswith(":") and len(stripped) < 60:
                label = stripped.rstrip(":").strip()
                continue
            sections[-1].items.append(Item(n, stripped, 0, False, label))
            continue
        indent = len(bullet["indent"].expandtabs(4))
        item_text = bullet["text"].strip()
        if item_text.endswith(":") and len(item_text) < 60 and not _TRAILING_LABEL.match(item_text):
            label = item_text.rstrip(":").strip()
            continue
        # "Flu-like symptoms, with fever. Rare Risks:" – the label belongs to the items after it
        trailing = _TRAILING_LABEL.match(item_text)
        if trailing:
            sections[-1].items.append(Item(n, trailing["text"], indent, True, label))
            label = trailing["label"]
            continue
        sections[-1].items.append(Item(n, item_text, indent, True, label))
    return tuple(sections)


def sections_named(sections: list[Section], *names: str) -> list[Section]:
    return [s for s in sections if s.name in names]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
