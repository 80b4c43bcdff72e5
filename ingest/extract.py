"""Field extractors shared by both document genres.

Each takes sections (or sentences) and returns Mentions whose evidence is the sentence or bullet
the value came from. They are deliberately conservative: a phrase that does not name a condition
becomes a patient criterion, a vague group ("other blood disorders") is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.records import Evidence, Mention, Policy
from ingest.sections import Item, Section, sentences
from ingest.vocab import (
    PAYERS,
    ROLES,
    ROUTES,
    SETTINGS,
    match_all,
    names_a_condition,
    payer_name,
)

HCPCS_CODE = re.compile(r"\b([A-V]\d{4})\b")


def clean_label(text: str) -> str:
    t = " ".join(text.split()).strip(" .;:,\"'")
    t = re.sub(r"^(and|or)\s+", "", t, flags=re.I)
    return t[:1].upper() + t[1:] if t else t


def dedupe(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        key = m.label.lower()
        if key not in seen:
            seen.add(key)
            out.append(m)
    return tuple(out)


def split_list(text: str) -> list[str]:
    """Top-level comma / 'and' / 'or' items, leaving parentheses alone."""
    parts, depth, buf = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch in ",;" and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [re.sub(r"^\s*(and|or)\s+", "", p, flags=re.I).strip() for p in parts if p.strip()]


# ---- conditions ---------------------------------------------------------------------------

_CRITERION_LEAD = re.compile(
    r"^(patients?|those|people|individuals|adults|children)\s+(who|whose|that)\b", re.I
)
_CONDITION_LEAD = re.compile(
    r"^((patients?|adults?|children|people|individuals|those)\s+(who are\s+|who have been\s+)?"
    r"(diagnosed with|with confirmed|with|suffering from|having)\s+|"
    r"(the )?(treatment|management) of\s+|used to treat\s+|to treat\s+)",
    re.I,
)
_CONDITION_TAIL = re.compile(
    r"\s+(that|who|which|when|after|following|not adequately|in patients|in adults|in children|"
    r"in pediatric|particularly|especially|despite|with an? inadequate|whose|where|to reduce|"
    r"to treat|requiring|needing)\b.*$",
    re.I,
)
_LIST_TRIGGER = re.compile(
    r"\b(including|such as|e\.g\.,?|treat(?:s|ing)?:?|indicated for|approved for|used for|"
    r"used in)\s+",
    re.I,
)


def condition_phrase(text: str) -> str | None:
    """The condition a phrase names ("Patients with confirmed CLL, particularly …" -> "CLL")."""
    t = " ".join(text.split()).strip(" .;:")
    if _CRITERION_LEAD.match(t):
        return None
    t = _CONDITION_LEAD.sub("", t)
    t = _CONDITION_TAIL.sub("", t).strip(" .;:,")
    return clean_label(t) if t and names_a_condition(t) else None


_NO_SPLIT_BEFORE = frozenset(
    {"first", "second", "third", "in", "of", "with", "to", "for", "on", "early", "newly", "stage"}
)
_QUALIFIER_PART = re.compile(r"^(including|especially|particularly|such as|e\.g\.)\b", re.I)
_STAGE_PART = re.compile(r"^(?:[IV]{1,4}[A-C]?|\d+[A-C]?)\b")


def _split_and_or(part: str) -> list[str]:
    """'RA or GCA' splits; 'in first or second remission' and 'relapsed or refractory' do not."""
    pieces = re.split(r"\s+(and|or)\s+(?![^()]*\))", part)
    out = [pieces[0]]
    for i in range(1, len(pieces) - 1, 2):
        before = out[-1].split()[-1].lower() if out[-1].split() else ""
        if before in _NO_SPLIT_BEFORE or not condition_phrase(out[-1]):
            out[-1] = f"{out[-1]} {pieces[i]} {pieces[i + 1]}"
        else:
            out.append(pieces[i + 1])
    # "ALL and other related blood disorders": keep the disease, drop the vague group
    kept = [p for p in out if condition_phrase(p)]
    return kept if kept else [part]


def _conditions_in(text: str) -> list[str]:
    """Condition phrases in one bullet or list: 'RA, JIA and GCA' gives three.

    After the first item, a part must name a condition in its first words: otherwise it is a
    qualifier of the one before ('NSCLC, metastatic or …', 'CLL, particularly those …').
    """
    parts: list[str] = []
    for part in split_list(text):
        if parts and _STAGE_PART.match(part):  # "stage IIB, IIC or III melanoma"
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    found: list[str] = []
    for i, part in enumerate(parts):
        if i and (_QUALIFIER_PART.match(part) or not names_a_condition(" ".join(part.split()[:5]))):
            continue
        for c in _split_and_or(part):
            phrase = condition_phrase(c)
            if phrase:
                found.append(phrase)
    return found


def indications(sections: list[Section]) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """(conditions, patient criteria) from Indications and Purpose sections."""
    conditions: list[Mention] = []
    criteria: list[Mention] = []
    for sec in sections:
        if sec.name == "indications":
            for item in sec.items:
                ev = Evidence(sec.heading or sec.name, item.text, item.line)
                found = _conditions_in(item.text)
                if found:
                    conditions.extend(Mention(c, item.text, ev) for c in found)
                else:
                    criteria.append(Mention(clean_label(item.text), item.text, ev))
        elif sec.name == "purpose":
            for item in sec.items:
                for sentence in sentences(item.text):
                    triggers = list(_LIST_TRIGGER.finditer(sentence))
                    if not triggers:
                        continue
                    tail = sentence[triggers[-1].end():]
                    ev = Evidence(sec.heading or sec.name, sentence, item.line)
                    conditions.extend(Mention(c, sentence, ev) for c in _conditions_in(tail))
    return dedupe(conditions), dedupe(criteria)


_STATED_INDICATION = re.compile(
    r"\b(?:is|are) (?:indicated|approved) for (?:the treatment of )?(?P<what>.+?)"
    r"(?=\s+(?:when|to (?:reduce|treat|control|manage|prevent)|in patients|where|after)\b|[.;]|$)",
    re.I,
)


def stated_indications(items: Iterable[tuple[str, str, int]]) -> tuple[Mention, ...]:
    """'X is indicated for Y' sentences anywhere (used for reports, which have no list)."""
    out = []
    for section, text, line in items:
        for m in _STATED_INDICATION.finditer(text):
            for c in _conditions_in(m["what"]):
                out.append(Mention(c, text, Evidence(section, text, line)))
    return dedupe(out)


# ---- vocabulary matches (routes, settings, roles) ----------------------------------------------

def vocabulary_mentions(
    table: list[tuple[str, re.Pattern[str]]], sections: list[Section]
) -> tuple[Mention, ...]:
    out = []
    for sec in sections:
        for item in sec.items:
            for sentence in sentences(item.text):
                for label in match_all(table, sentence):
                    evidence = Evidence(sec.heading or sec.name, sentence, item.line)
                    out.append(Mention(label, sentence, evidence))
    return dedupe(out)


def routes(sections: list[Section]) -> tuple[Mention, ...]:
    return vocabulary_mentions(ROUTES, sections)


def settings(sections: list[Section]) -> tuple[Mention, ...]:
    return vocabulary_mentions(SETTINGS, sections)


def roles(sections: list[Section]) -> tuple[Mention, ...]:
    return vocabulary_mentions(ROLES, sections)


# ---- risks and alternatives ---------------------------------------------------------------

_FREQ = re.compile(r"\b(very common|common|less common|uncommon|rare|serious)\b", re.I)
_INLINE_FREQ = re.compile(
    r"(?:^|(?<=[.;]\s))(?P<freq>very common|common|less common|uncommon|rare|serious)"
    r"(?: risks?| side effects| complications)?(?: include)?:\s*",
    re.I,
)
_EXAMPLES_TAIL = re.compile(
    r",?\s+(such as|including|like|leading to|e\.g\.)\b.*$|,\s+(which|that|who)\b.*$", re.I
)
_SKIP_LABEL = re.compile(r"management|pros and cons|monitoring", re.I)


def _frequency(label: str | None) -> str | None:
    m = _FREQ.search(label or "")
    return m.group(1).lower() if m else None


def risks(sections: list[Section]) -> tuple[Mention, ...]:
    out = []
    for sec in sections:
        for item in sec.items:
            if not item.bullet or _SKIP_LABEL.search(item.label or ""):
                continue
            freq = _frequency(item.label)
            chunks = _INLINE_FREQ.split(item.text)
            # split() yields [before, freq1, after1, freq2, after2 …]
            pieces = [(freq, chunks[0])] + [
                (chunks[i].lower(), chunks[i + 1]) for i in range(1, len(chunks) - 1, 2)
            ]
            ev = Evidence(sec.heading or sec.name, item.text, item.line)
            for f, chunk in pieces:
                for sentence in sentences(chunk):
                    if re.match(r"^(management|doctors|patients)\b", sentence, re.I):
                        continue
                    head = _EXAMPLES_TAIL.sub("", sentence)
                    items = split_list(head)
                    if len(items) > 1 and " of " in items[0]:
                        items = [head]  # "inflammation of the lungs, colon, liver" is one risk
                    for part in items:
                        words = part.split()
                        pair = re.split(r"\s+and\s+", part)
                        parts = pair if len(pair) == 2 and all(len(p.split()) <= 3 for p in pair) else [part]
                        for p in parts:
                            label = clean_label(p)
                            if label and len(words) <= 10:
                                out.append(Mention(label, item.text, ev, f))
    return dedupe(out)


_ALT_LEAD = re.compile(
    r"^(alternative (treatments|therapies|options)|other (treatments|options)|options)\s+"
    r"(include|are|may include)\s*:?\s*",
    re.I,
)
_ALT_EXAMPLES = re.compile(r"\((?:e\.g\.,?|for example,?)\s*([^)]*)\)|\s+such as\s+(.+)$", re.I)
_ALT_SKIP = re.compile(
    r"^(the choice|pros and cons|the decision|discuss|these options)|should be discussed", re.I
)


def alternatives(sections: list[Section]) -> tuple[Mention, ...]:
    out = []
    for sec in sections:
        for item in sec.items:
            if _SKIP_LABEL.search(item.label or "") or item.indent > 4:
                continue
            text = re.split(r"\bPros and Cons\b", item.text, flags=re.I)[0]
            ev = Evidence(sec.heading or sec.name, item.text, item.line)
            for sentence in sentences(text):
                if _ALT_SKIP.search(sentence) or ":" in sentence[:30]:
                    continue
                sentence = _ALT_LEAD.sub("", sentence)
                sentence = re.sub(r",\s+(which|that|who)\b.*$", "", sentence, flags=re.I)
                examples: list[str] = []
                m = _ALT_EXAMPLES.search(sentence)
                if m:
                    examples = split_list(m.group(1) or m.group(2) or "")
                    sentence = sentence[: m.start()] + sentence[m.end():]
                for part in split_list(sentence) + examples:
                    label = clean_label(part)
                    if label and len(label.split()) <= 8:
                        out.append(Mention(label, item.text, ev))
    return dedupe(out)


# ---- names: brands, policies, payers ------------------------------------------------------------

_NOT_BRAND = re.compile(
    r"^(injection|infusion|intravenous|subcutaneous|hcpcs|the|a|an|this|drug|medication|"
    r"biologic|monoclonal|generic|brand|code|technical|medical|common)$",
    re.I,
)
_BRAND_PATTERNS = [
    re.compile(r"\bknown as (?:the brand )?(?P<b>[A-Z][\w-]+)"),
    re.compile(r"\bbrand(?: name)?s?(?: is| are)?:?\s+(?P<b>[A-Z][\w-]+)", re.I),
    re.compile(r"\b(?:sold|marketed) (?:as|under(?: the name)?) (?P<b>[A-Z][\w-]+)"),
    re.compile(r"\b(?:Term|Name)(?:\(s\))?:\s*(?P<b>[A-Z][\w-]+) (?:Injection|Infusion)\b"),
]


def brands(drug: str | None, sections: list[Section]) -> tuple[Mention, ...]:
    out = []
    generic = (drug or "").lower().split()
    for sec in sections:
        for item in sec.items:
            candidates = [m["b"] for rx in _BRAND_PATTERNS for m in rx.finditer(item.text)]
            if drug:
                candidates += re.findall(rf"{re.escape(drug)}\s*\(([A-Z][\w-]+)\)", item.text, re.I)
            for b in candidates:
                if _NOT_BRAND.match(b) or b.lower() in generic or HCPCS_CODE.fullmatch(b):
                    continue
                ev = Evidence(sec.heading or sec.name, item.text, item.line)
                out.append(Mention(b, item.text, ev))
    return dedupe(out)


_NAME_PAIR = re.compile(r"(?P<a>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*)?)\s*\((?P<b>[^()]+)\)")


def policies(drug: str | None, sections: list[Section]) -> tuple[tuple[Policy, ...], tuple[Mention, ...]]:
    """Policy titles in policy sections, and the brand names their titles give for the drug."""
    out: list[Policy] = []
    brand_mentions: list[Mention] = []
    for sec in sections:
        for item in sec.items:
            title = clean_label(item.text)
            if not title or len(title) > 200:
                continue
            payer = None
            head, sep, rest = title.partition(":")
            if sep and (name := payer_name(head)):
                payer = name
            ev = Evidence(sec.heading or sec.name, item.text, item.line)
            p_drug, p_brand = None, None
            for m in _NAME_PAIR.finditer(rest if sep else title):
                a, b = m["a"].strip(), m["b"].strip()
                words_a = a.split()
                if drug and b.lower() == drug:
                    p_drug, p_brand = drug, words_a[-1]
                elif drug and a.lower().endswith(drug):
                    p_drug, p_brand = drug, b
            out.append(Policy(title, payer, p_drug, p_brand, ev))
            if p_brand and not _NOT_BRAND.match(p_brand):
                brand_mentions.append(Mention(p_brand, item.text, ev))
    return tuple(out), dedupe(brand_mentions)


_PAYER_LIST = re.compile(
    r"\bpayers?\s+(?:covered\s+|discussed\s+|reviewed\s+)?(?:include|includes|are|:)\s*(?P<list>.+?)(?:\.(?:\s|$)|$)",
    re.I,
)


def payers(items: Iterable[Item], section: str) -> tuple[Mention, ...]:
    """Payers from a 'payers covered include A, B and C' sentence, known names first."""
    out = []
    for item in items:
        for m in _PAYER_LIST.finditer(item.text):
            ev = Evidence(section, m.group(0).strip(), item.line)
            for name in split_list(m["list"]):
                known = sorted((hit.start(), label) for label, rx in PAYERS for hit in rx.finditer(name))
                if known:
                    out.extend(Mention(label, name, ev) for _, label in known)
                    continue
                for part in re.split(r"\s+and\s+", name):
                    label = clean_label(part)
                    if label and len(label.split()) <= 6:
                        out.append(Mention(label, part, ev))
    return dedupe(out)


def first_code(texts: Iterable[tuple[str, str, int]]) -> tuple[str, Evidence] | None:
    for section, text, line in texts:
        m = HCPCS_CODE.search(text)
        if m:
            return m.group(1), Evidence(section, text, line)
    return None


__all__ = [
    "PAYERS", "brands", "clean_label", "condition_phrase", "first_code", "indications",
    "payers", "policies", "risks", "roles", "routes", "settings", "alternatives",
    "stated_indications", "split_list",
]
