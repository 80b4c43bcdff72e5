"""Errors the library raises on purpose; the CLI and the app turn them into messages."""

from __future__ import annotations


class MedkgError(Exception):
    """A problem a user can act on. The message says what is wrong and how to fix it."""

    exit_code = 2


class StoreError(MedkgError):
    pass


class StoreLockedError(StoreError):
    pass


class QueryError(MedkgError):
    pass


class UnknownQueryError(QueryError):
    pass


class ParameterError(QueryError):
    pass


class EndpointError(QueryError):
    pass


class ExportError(MedkgError):
    pass


class GraphSelectionError(MedkgError):
    """--graph names no graph in the store."""


class ValidationError(MedkgError):
    """Validation could not run: a broken shapes or ontology file, a broken check, no reasoner."""
