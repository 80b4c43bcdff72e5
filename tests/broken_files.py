"""Files that cannot be ingested, one of each kind of breakage (for batch and read-ahead tests)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES


def make_broken(folder: Path) -> dict[str, str]:
    """One file of each kind of breakage, and the failure kind each must get."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "recipe.txt").write_text("Pancakes\n\nMix flour, eggs and milk. Fry in butter.\n")
    good = (EXAMPLES / "tocilizumab-J3262.txt").read_text(encoding="utf-8")
    (folder / "truncated.txt").write_text(good[: good.index("Indications")])
    (folder / "cut-utf8.txt").write_bytes(good.encode("utf-8") + "•".encode()[:2])
    return {
        "empty.txt": "empty",
        "binary.txt": "not-text",
        "recipe.txt": "not-a-code-document",
        "truncated.txt": "truncated",
        "cut-utf8.txt": "truncated",
    }
