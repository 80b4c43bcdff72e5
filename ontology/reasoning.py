"""Check that data and the ontology do not contradict each other, with HermiT via owlready2.

HermiT is a Java program shipped inside owlready2, so this needs a Java runtime (`java` on the
PATH; `.ci/run` installs one on Debian). owlready2 reads RDF/XML and N-Triples; Turtle files are
converted to N-Triples first.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import owlready2 as owl

from ontology.rdf_files import read_rdf

_OWLREADY_FORMATS = {".owl": "rdfxml", ".rdf": "rdfxml", ".xml": "rdfxml", ".nt": "ntriples"}


class ReasonerError(RuntimeError):
    """HermiT could not be run, or failed for another reason than an inconsistency."""


@dataclass(frozen=True)
class Consistency:
    consistent: bool
    explanation: str  # what HermiT said when it found a contradiction
    seconds: float


def _load(world: owl.World, path: Path, scratch: Path) -> None:
    graph = read_rdf(path)  # a broken file is reported with its line before owlready2 sees it
    fmt = _OWLREADY_FORMATS.get(path.suffix.lower())
    if fmt is None:  # Turtle: owlready2 does not read it, so hand it over as N-Triples
        path, fmt = scratch / f"{len(list(scratch.iterdir()))}-{path.stem}.nt", "ntriples"
        graph.serialize(path, format="nt", encoding="utf-8")
    with path.open("rb") as f:
        world.get_ontology(path.resolve().as_uri()).load(fileobj=f, format=fmt)


def check_consistency(files: Sequence[str | Path]) -> Consistency:
    """Load the ontology and data files into one owlready2 world and ask HermiT if it is consistent.

    A file that cannot be parsed raises RdfFileError naming the file and line."""
    if shutil.which(owl.JAVA_EXE) is None and not Path(owl.JAVA_EXE).exists():
        raise ReasonerError(
            "HermiT needs a Java runtime and `java` is not on the PATH: install one "
            "(Debian: apt-get install default-jre-headless; `.ci/run` does it)"
        )
    world = owl.World()
    with tempfile.TemporaryDirectory(prefix="medkg-owl-") as scratch:
        for f in files:
            _load(world, Path(f), Path(scratch))
    start = time.perf_counter()
    try:
        owl.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owl.OwlReadyInconsistentOntologyError as exc:
        return Consistency(False, str(exc).strip() or "HermiT: the ontology is inconsistent",
                           time.perf_counter() - start)
    except owl.OwlReadyJavaError as exc:
        raise ReasonerError(f"HermiT failed: {str(exc).strip()[-2000:]}") from None
    finally:
        world.close()
    return Consistency(True, "", time.perf_counter() - start)
