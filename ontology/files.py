"""Where the published ontology files are (written by `python -m ontology.build`).

Kept apart from the code that reads them so that naming a file costs no rdflib import (the CLI
names them in its help)."""

from __future__ import annotations

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
OWL_FILE = ONTOLOGY_DIR / "medkg.owl"
TTL_FILE = ONTOLOGY_DIR / "medkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
README_FILE = ONTOLOGY_DIR / "README.md"
