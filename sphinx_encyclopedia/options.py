"""Directive options that report their own mistakes: typed, located, with a suggestion.

docutils rejects an unknown option or a bad value with an untyped error that names neither
the options the directive has nor the closest one. A :class:`CheckedOptions` spec accepts
both and lets the directive report them (``encyclopedia.directive-option``) and go on.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sphinx.util.docutils import SphinxDirective

from .diagnostics import warn

Converter = Callable[[Any], Any]


@dataclass(frozen=True)
class OptionProblem:
    name: str
    value: str | None
    reason: str | None  # None for an unknown option


class CheckedOptions(dict[str, Converter]):
    def __init__(self, spec: dict[str, Converter]) -> None:
        super().__init__({name: _checked(name, convert) for name, convert in spec.items()})

    def __missing__(self, name: str) -> Converter:
        return lambda value: OptionProblem(name, value, None)


def _checked(name: str, convert: Converter) -> Converter:
    def checked(value: str | None) -> Any:
        try:
            return convert(value)
        except (ValueError, TypeError) as error:
            return OptionProblem(name, value, " ".join(str(arg) for arg in error.args))

    return checked


def report_option_problems(directive: SphinxDirective) -> None:
    """Warn about, and drop, the options the directive could not take."""
    valid = sorted(name for name in directive.option_spec or {})
    for name, value in list(directive.options.items()):
        if not isinstance(value, OptionProblem):
            continue
        del directive.options[name]
        if value.reason is None:
            close = difflib.get_close_matches(name, valid, n=1)
            hint = f"; did you mean :{close[0]}:?" if close else ""
            options = ", ".join(f":{option}:" for option in valid) or "none"
            message = f"unknown option :{name}: of {directive.name}{hint} (options: {options})"
        else:
            message = f"invalid value {value.value!r} of :{name}: of {directive.name}: "
            message += value.reason
        warn(message, "directive-option", location=directive.get_location())
