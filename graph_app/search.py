"""Label search over codes, drugs and conditions: word-prefix lookups in an index, never a scan.

Every official title (ICD-10-CM, HCPCS, NUCC, RxNorm) and every name a document gives (drugs,
brands, conditions, payers, policies, the codes it lists with its description) becomes an entry.
Entries are kept in rank order (kind, then shorter labels first), and each word points to the
entries that contain it, in that order; a query's words are word prefixes ("acute lymph"), so a
lookup walks the postings of the matching words in rank order and stops after `limit` hits.

The index is built from the store through the query library and cached in the process and
beside the store (indexcache), keyed by the loaded releases and the stored documents. It also
holds which ICD-10-CM concepts have condition links under them, which changes with the same two.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graph_app.indexcache import cached, fingerprint, key_per_write
from graph_app.linking import concept_table
from graph_app.linking.concepts import loaded_releases
from graph_app.linking.text import analyse, ascii_fold
from graph_app.querylib import library_query
from graph_app.runner import Runner
from ontology.namespaces import ICD10CM, system_of_iri
from ontology.vocabulary import MKG, SKOS_PREFLABEL

# Rank of kinds in results: what documents name first, then the official code sets.
KINDS = ("drug", "brand", "condition", "hcpcs", "icd10cm", "rxnorm", "cpt", "nucc",
         "hcpcs-modifier", "cpt-modifier", "payer", "policy")
_CLASS_KIND = {MKG.Drug: "drug", MKG.BrandName: "brand", MKG.Condition: "condition",
               MKG.Payer: "payer", MKG.PayerPolicy: "policy"}
REFERENCE_SETS = ("hcpcs", "nucc", "rxnorm")  # ICD-10-CM titles come from the linker's table
SHORT_PREFIX = 2  # prefixes this short keep a precomputed head of their postings
SHORT_HEAD = 512
_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")  # keeps "c91.02" and "0.1" whole


@dataclass(frozen=True)
class LabelEntry:
    iri: str
    kind: str
    label: str
    notation: str | None = None

    SEPARATOR = " "  # between notation and label in `display`

    @property
    def display(self) -> str:
        if self.notation and self.notation != self.label:
            return f"{self.notation}{self.SEPARATOR}{self.label}"
        return self.label


def surface_words(text: str) -> list[str]:
    return _WORD.findall((text if text.isascii() else ascii_fold(text)).lower())


def _entry_words(e: LabelEntry) -> list[str]:
    out = surface_words(e.label)
    if e.notation:
        n = e.notation.lower()
        out += [n, n.replace(".", "")]
    return list(dict.fromkeys(out))


class LabelIndex:
    """Entries in rank order, laid out flat so the pickle beside the store loads fast: parallel
    lists of strings, each entry's words as one " word word " string, and one array of postings
    cut by word (the words sorted, so a prefix's postings are one contiguous slice)."""

    def __init__(self, entries: Iterable[LabelEntry], linked_concepts: Iterable[str] = ()):
        # ICD-10-CM concepts (IRIs) with a condition link at or under them
        self.linked_concepts = frozenset(linked_concepts)
        unique = {(e.iri, e.label): e for e in entries}
        ordered = sorted(
            unique.values(), key=lambda e: (KINDS.index(e.kind) if e.kind in KINDS else len(KINDS),
                                            len(e.label), e.label.lower(), e.iri))
        self.iris = [e.iri for e in ordered]
        self.kinds = [e.kind for e in ordered]
        self.labels = [e.label for e in ordered]
        self.notations = [e.notation for e in ordered]
        words = [_entry_words(e) for e in ordered]
        self.text = [" " + " ".join(ws) + " " for ws in words]
        postings: dict[str, list[int]] = {}
        short: dict[str, array] = {}
        for i, ws in enumerate(words):  # rank order, so every list comes out sorted
            for w in ws:
                postings.setdefault(w, []).append(i)
                for p in {w[:n] for n in range(1, SHORT_PREFIX + 1)}:
                    head = short.get(p)
                    if head is None:
                        head = short[p] = array("i")
                    if len(head) < SHORT_HEAD and (not head or head[-1] != i):
                        head.append(i)
        self.short = short
        self.vocab = sorted(postings)
        self.offsets = array("i", [0])
        self.flat = array("i")
        for w in self.vocab:
            self.flat.extend(postings[w])
            self.offsets.append(len(self.flat))
        # Conditions with the words condition linking reads in them, for `ask`.
        self.condition_words = {
            i: frozenset(analyse(self.labels[i]).words) for i, kind in enumerate(self.kinds)
            if kind == "condition"
        }

    def __len__(self) -> int:
        return len(self.iris)

    def entry(self, i: int) -> LabelEntry:
        return LabelEntry(self.iris[i], self.kinds[i], self.labels[i], self.notations[i])

    @property
    def entries(self) -> list[LabelEntry]:
        return [self.entry(i) for i in range(len(self))]

    def _postings(self, prefix: str) -> array:
        """Entry ids (with repeats) of every word starting with `prefix`: one slice of `flat`."""
        lo = bisect.bisect_left(self.vocab, prefix)
        hi = bisect.bisect_left(self.vocab, prefix + "\x7f")
        return self.flat[self.offsets[lo]:self.offsets[hi]]

    def _has_prefix(self, i: int, prefix: str) -> bool:
        return f" {prefix}" in self.text[i]

    def _short_head(self, prefix: str) -> Iterator[int]:
        """Entries with a word starting with a one- or two-letter prefix: the head, then all."""
        head = self.short.get(prefix, array("i"))
        yield from head
        if len(head) >= SHORT_HEAD:
            for i in range(head[-1] + 1, len(self)):
                if self._has_prefix(i, prefix):
                    yield i

    def search(self, text: str, *, kinds: Iterable[str] | None = None, limit: int = 20) -> list[LabelEntry]:
        """Entries having, for every word of `text`, a word that starts with it; best first.

        Codes whose notation starts with the text come first (in notation order), then labels
        that start with the text, then the rank order (kind, shorter label).
        """
        tokens = list(dict.fromkeys(surface_words(text)))
        if not tokens:
            return []
        wanted = set(kinds) if kinds else None
        pool = max(limit * 5, 50)
        selective = sorted((t for t in tokens if len(t) > SHORT_PREFIX), key=lambda t: len(self._postings(t)))
        candidates: Iterable[int]
        if selective:
            # intersect the entry sets of the longer words, rarest first; check the rest per entry
            ids = set(self._postings(selective[0]))
            checked = {selective[0]}
            for t in selective[1:]:
                if len(ids) <= pool:
                    break  # few enough: the remaining words are checked per entry
                ids &= set(self._postings(t))
                checked.add(t)
            rest = [t for t in tokens if t not in checked]
            candidates = sorted(ids)
        else:  # only one- or two-letter words: walk the head of the postings, in rank order
            rest, candidates = tokens[1:], self._short_head(tokens[0])
        hits = []
        for i in candidates:
            if wanted is not None and self.kinds[i] not in wanted:
                continue
            if all(self._has_prefix(i, t) for t in rest):
                hits.append(i)
                if len(hits) >= pool:
                    break

        def starts_with_text(i: int) -> bool:
            first = self.text[i].split(None, len(tokens))[: len(tokens)]
            return len(first) == len(tokens) and all(
                w.startswith(t) for w, t in zip(first, tokens, strict=True))

        def by_notation(i: int) -> str | None:
            """A code typed by its notation ("j92", "C91.0") lists codes in notation order."""
            n = self.notations[i]
            return n if len(tokens) == 1 and n and n.lower().startswith(tokens[0]) else None

        hits.sort(key=lambda i: (by_notation(i) is None, by_notation(i) or "", not starts_with_text(i), i))
        return [self.entry(i) for i in hits[:limit]]

    def conditions_naming(self, words: Iterable[str]) -> list[LabelEntry]:
        """Stated conditions whose label has every one of these (linking-normalised) words."""
        need = frozenset(words)
        if not need:
            return []
        return [self.entry(i) for i, ws in self.condition_words.items() if need <= ws]

    def exact(self, text: str, kinds: Iterable[str]) -> list[LabelEntry]:
        """Entries of these kinds whose label is the text (case and spacing aside)."""
        want = " ".join(surface_words(text))
        return [e for e in self.search(text, kinds=kinds, limit=50)
                if " ".join(surface_words(e.label)) == want]


def label_index(runner: Runner) -> LabelIndex:
    """The label index of the store, rebuilt when releases or documents changed."""
    key = key_per_write(runner, "label-index", lambda: _content_key(runner))
    return cached(runner, "label-index", key, lambda: LabelIndex(
        read_entries(runner), library_query("linked-concepts").run(runner).column("concept")))


def _content_key(runner: Runner) -> str:
    """Which releases and documents the store holds."""
    releases = sorted(loaded_releases(runner).items())
    documents = library_query("document-hashes").run(runner).rows
    return fingerprint(releases, sorted((r["document"].value, r["sha256"].value) for r in documents))


def read_entries(runner: Runner) -> Iterator[LabelEntry]:
    """Official titles first; then what documents name, except codes a release already titles."""
    official: set[str] = set()
    table = concept_table(runner)
    if table is not None:
        for code, title in table.titles.items():
            official.add(ICD10CM.iri(code))
            yield LabelEntry(ICD10CM.iri(code), "icd10cm", title, code)
    values = library_query("reference-values")
    for code_set in REFERENCE_SETS:
        for row in values.run(runner, codeSet=code_set, property=SKOS_PREFLABEL).rows:
            iri = row["code"].value
            found = system_of_iri(iri)
            if found:
                official.add(iri)
                yield LabelEntry(iri, found[0].key, row["value"].value, found[1])
    for row in library_query("search-labels").run(runner).rows:
        iri = row["node"].value
        notation = row["notation"].value if "notation" in row else None
        found = system_of_iri(iri)
        if found and iri in official:
            continue  # the official title says it better than a document's wording
        kind = found[0].key if found else _CLASS_KIND.get(row["class"].value if "class" in row else "")
        label = row["label"].value if "label" in row else notation
        if kind and label:
            yield LabelEntry(iri, kind, label, notation)
