"""Errors that name the file or value at fault and say what to do instead."""
from __future__ import annotations


class GeoError(Exception):
    """Base class for errors the CLI reports as a one-line message."""


class InputError(GeoError):
    """A document that cannot be read or used.

    Takes the path and the problem; ``str()`` gives "<path>: <problem>".
    """

    def __init__(self, path: str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class GazetteerError(GeoError):
    """The gazetteer sources are missing or malformed."""
