"""What talking to a remote SPARQL server needs, whatever the protocol: settings from the
environment, basic-auth credentials that never leak, and HTTP failures turned into messages.

Credentials come only from environment variables. They are never put in a URL, and every
message built from a server's answer is scrubbed of them, because servers sometimes echo request
headers back in error pages and messages end up in logs and bug reports.
"""

from __future__ import annotations

import base64
import http.client
import os
import urllib.error
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from graph_app.errors import EndpointError

ENDPOINT_ENV = "MEDKG_ENDPOINT"
GRAPH_STORE_ENV = "MEDKG_GRAPH_STORE"
USER_ENV = "MEDKG_ENDPOINT_USER"
PASSWORD_ENV = "MEDKG_ENDPOINT_PASSWORD"
TIMEOUT_ENV = "MEDKG_ENDPOINT_TIMEOUT"
DEFAULT_TIMEOUT = 60.0

_BODY_LIMIT = 400  # characters of a server's error page worth showing


@dataclass(frozen=True)
class Credentials:
    """A basic-auth user and password; the password stays out of repr() and of every message."""

    user: str
    password: str = field(repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials | None:
        env = os.environ if environ is None else environ
        user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
        if user is None and password is None:
            return None
        if not user:
            raise EndpointError(f"{PASSWORD_ENV} is set but {USER_ENV} is not; set both for basic auth")
        return cls(user, password or "")

    @property
    def token(self) -> str:
        return base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")

    def authorization(self) -> str:
        return f"Basic {self.token}"

    def redact(self, text: str) -> str:
        for secret in (self.token, self.password, quote(self.password, safe="")):
            if len(secret) >= 3:  # a one- or two-character password would blank out half the text
                text = text.replace(secret, "***")
        return text


def redact(text: str, credentials: Credentials | None) -> str:
    return credentials.redact(text) if credentials else text


def checked_url(url: str, what: str) -> str:
    """An http(s) URL without user info: credentials in a URL end up in shell history and logs."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"the {what} must be an http:// or https:// URL, got {_safe_url(url)!r}")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(
            f"the {what} URL carries a user name or password; remove it from the URL and set "
            f"{USER_ENV} and {PASSWORD_ENV} instead"
        )
    return url


def _safe_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return parts._replace(netloc="***@" + host).geturl()


def error_body(exc: urllib.error.HTTPError) -> str:
    """The text of a server's error page, if it can be read."""
    try:
        return exc.read().decode("utf-8", "replace")
    except OSError:
        return ""


def status_error(
    url: str, status: int, reason: str, body: str, credentials: Credentials | None, *, what: str,
    hint: str = "",
) -> EndpointError:
    """A clear message for an HTTP error status from a server."""
    if status == 401:
        advice = (
            "the server refused the credentials; check " if credentials
            else "the server needs a user name and password; set "
        ) + f"{USER_ENV} and {PASSWORD_ENV}"
    elif status == 403:
        advice = "the server forbids this request for this user"
    elif status == 404:
        advice = f"nothing answers at this URL{'; ' + hint if hint else ''}"
    else:
        snippet = " ".join(body.split())[:_BODY_LIMIT]
        advice = f"the server said: {snippet}" if snippet else "the server gave no details"
    return EndpointError(redact(f"the {what} {url} answered HTTP {status} {reason}: {advice}", credentials))


def transport_error(
    url: str, exc: BaseException, timeout: float, credentials: Credentials | None, *, what: str
) -> EndpointError:
    """A clear message for a request that got no HTTP answer: timeout, refused, broken."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        text = (
            f"the {what} {url} did not answer within {timeout:g} s; raise --timeout "
            f"(or {TIMEOUT_ENV}) if the server is just slow"
        )
    elif isinstance(exc, http.client.HTTPException):
        text = f"the connection to the {what} {url} broke off: {exc!r}"
    else:
        text = f"cannot reach the {what} {url}: {reason}"
    return EndpointError(redact(text, credentials))


TRANSPORT_ERRORS = (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException)
