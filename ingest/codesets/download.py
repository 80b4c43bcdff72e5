"""Fetch the official code-set files from their publishers into a folder, one subfolder per set.

Each reader lists its DOWNLOADS: the publisher's URL and, for a zip, which members to keep
(a regular expression on the member path). `mirror` replaces scheme and host of every URL while
keeping the path, for an internal mirror (and for tests, which serve fixtures on 127.0.0.1).
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ingest.codesets import READERS, reader

TIMEOUT_SECONDS = 120
USER_AGENT = "medkg refdata download"


class DownloadError(Exception):
    def __init__(self, url: str, reason: str):
        self.url = url
        super().__init__(f"{url}: {reason}")


@dataclass
class DownloadReport:
    files: dict[str, list[Path]] = field(default_factory=dict)  # set -> files written
    skipped: dict[str, str] = field(default_factory=dict)  # set -> why nothing was fetched
    failed: dict[str, str] = field(default_factory=dict)  # set -> error


def mirrored(url: str, mirror: str | None) -> str:
    if not mirror:
        return url
    base, original = urlsplit(mirror), urlsplit(url)
    path = base.path.rstrip("/") + original.path
    return urlunsplit((base.scheme, base.netloc, path, original.query, ""))


def fetch(url: str, dest: Path) -> Path:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    partial = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response, open(partial, "wb") as out:
            shutil.copyfileobj(response, out)
    except urllib.error.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(url, f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(url, str(getattr(exc, "reason", exc))) from None
    partial.replace(dest)  # a file under its final name is always complete
    return dest


def _extract(url: str, archive: Path, members: str, folder: Path) -> list[Path]:
    pattern = re.compile(members, re.I)
    try:
        with zipfile.ZipFile(archive) as z:
            wanted = [n for n in z.namelist() if pattern.search(n)]
            if not wanted:
                raise DownloadError(url, f"the zip holds no file matching {members!r}")
            out = []
            for name in wanted:
                target = folder / Path(name).name
                with z.open(name) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                out.append(target)
            return out
    except zipfile.BadZipFile:
        raise DownloadError(url, "not a zip file (a web page instead of the file?)") from None
    finally:
        archive.unlink(missing_ok=True)


def download(dest: str | Path, sets: list[str] | None = None, *, mirror: str | None = None,
             urls: dict[str, str] | None = None) -> DownloadReport:
    """Fetch each set's official files into dest/<set>/; one set failing does not stop the rest.

    `urls` overrides a set's URL (another year or quarter), keeping its zip member pattern.
    """
    report = DownloadReport()
    for name in sets or list(READERS):
        module = reader(name)
        downloads = list(module.DOWNLOADS)
        if name in (urls or {}):
            downloads = [(urls[name], downloads[0][1] if downloads else None)]  # type: ignore[index]
        if not downloads:
            report.skipped[name] = f"{module.LABEL} ships with its Python package; nothing to fetch"
            continue
        folder = Path(dest) / name
        folder.mkdir(parents=True, exist_ok=True)
        try:
            written: list[Path] = []
            for url, members in downloads:
                source = mirrored(url, mirror)
                file = fetch(source, folder / Path(urlsplit(url).path).name)
                written += _extract(source, file, members, folder) if members else [file]
            report.files[name] = written
        except DownloadError as exc:
            report.failed[name] = str(exc)
    return report
