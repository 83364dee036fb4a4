"""Every ``encyclopedia_*`` configuration value, declared once and checked once.

:class:`EncyclopediaConfig` lists the values with their defaults, types, rebuild flags and
checks. :func:`setup_config` registers each as ``encyclopedia_<field>``; at ``config-inited``,
before any other handler reads them, a value the extension cannot use is replaced by its
default with one ``encyclopedia.config`` warning that names the value, what is accepted and
the line of ``conf.py`` that set it. Later code reads the values through :func:`settings`
and never sees a bad one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from docutils.parsers.rst import languages, roles
from docutils.utils import Reporter
from sphinx.application import Sphinx
from sphinx.config import Config

from .cs1.text import DATE_FORMATS
from .diagnostics import warn
from .order import HANDLER_PRIORITY

PREFIX = "encyclopedia_"
LABEL_STYLES = ("lower-alpha", "upper-alpha", "lower-roman", "named")
DEFAULT_NOTE_GROUPS = {"note": "lower-alpha"}

# A check returns None when the value is fine, else what is accepted.
Check = Callable[[Any], "str | None"]


def _is(*types: type) -> Check:
    names = " or ".join("None" if kind is type(None) else kind.__name__ for kind in types)

    def check(value: Any) -> str | None:
        # bool is an int in Python; a count given as True is a mistake, not a number.
        if isinstance(value, bool) and bool not in types:
            return names
        return None if isinstance(value, types) else names

    return check


def _one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else "one of " + ", ".join(map(repr, choices))

    return check


def _non_negative(value: Any) -> str | None:
    wrong = _is(int)(value)
    return wrong if wrong else (None if value >= 0 else "a whole number, 0 or more")


def _non_empty_string(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "the name of a pybtex style"


def _glob_patterns(value: Any) -> str | None:
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return None
    return "a list of glob patterns"


def _setting(default: Any, rebuild: str, types: tuple[type, ...], check: Check, doc: str) -> Any:
    metadata = {"rebuild": rebuild, "types": types, "check": check, "doc": doc}
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class EncyclopediaConfig:
    """The extension's configuration: the field ``x`` is the config value ``encyclopedia_x``."""

    citation_style: str = _setting(
        "wikipedia", "env", (str,), _non_empty_string,
        "the pybtex formatting style of the references lists",
    )  # fmt: skip
    display_authors: int = _setting(
        0, "env", (int,), _non_negative, "authors shown before et al.; 0 shows all"
    )
    date_format: str = _setting(
        "iso", "env", (str,), _one_of(*DATE_FORMATS), "how full dates are written"
    )
    note_groups: dict[str, str] = _setting(  # noqa: RUF009 - _setting returns a field
        DEFAULT_NOTE_GROUPS, "env", (dict,), _is(dict),
        "note groups, each a role, with its label style",
    )  # fmt: skip
    lead_contents: bool | None = _setting(
        None, "html", (bool, type(None)), _is(bool, type(None)),
        "a contents list after the lead; None: unless the theme shows page contents",
    )  # fmt: skip
    reference_previews: bool = _setting(
        True, "html", (bool,), _is(bool), "reference and note previews on hover and focus"
    )
    page_previews: bool = _setting(
        True, "html", (bool,), _is(bool), "previews of links to other articles"
    )
    sources_links: bool = _setting(
        False, "env", (bool,), _is(bool), "reference items link to the sources index"
    )
    article_patterns: list[str] = _setting(  # noqa: RUF009 - _setting returns a field
        ["**"], "env", (list, tuple), _glob_patterns,
        "glob patterns of the documents that are articles, for the sources index",
    )  # fmt: skip
    search_references: bool = _setting(
        False, "html", (bool,), _is(bool), "the site search indexes references lists"
    )
    cite_this_page: str = _setting(
        "panel", "html", (str,), _one_of("panel", "appendix", "none"),
        'an article\'s own citation: a panel under its title, a section at its end, or "none"',
    )  # fmt: skip
    structured_data: bool = _setting(
        True, "html", (bool,), _is(bool),
        "JSON-LD and Highwire citation_* tags describing each article for machines",
    )  # fmt: skip
    warn_sfn_unused: bool = _setting(
        False, "env", (bool,), _is(bool),
        "warn about works a works-cited list names that no short citation names",
    )  # fmt: skip
    maintenance_help: dict[str, str] = _setting(  # noqa: RUF009 - _setting returns a field
        {}, "env", (dict,), _is(dict),
        "the page (docname or URL) each maintenance tag or notice links to",
    )  # fmt: skip
    warn_maintenance: bool = _setting(
        False, "env", (bool,), _is(bool), "each maintenance tag and notice is a warning"
    )


def _default(setting: Any) -> Any:
    if setting.default is not MISSING:
        return setting.default
    return setting.default_factory()


def settings(config: Config) -> EncyclopediaConfig:
    """The checked values of ``config`` (cheap: a handful of attribute reads)."""
    return EncyclopediaConfig(
        **{item.name: getattr(config, PREFIX + item.name) for item in fields(EncyclopediaConfig)}
    )


def conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:line`` where ``name`` is assigned, or ``conf.py`` if no line says so; None
    when the value came from the command line (``-D``) or there is no ``conf.py``."""
    if not app.confdir or name in app.config.overrides:
        return None
    path = Path(app.confdir, "conf.py")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(rf"^[ \t]*{re.escape(name)}\s*(?::[^=\n]*)?=", text, re.MULTILINE)
    if match is None:
        return str(path)
    return f"{path}:{text.count(chr(10), 0, match.start()) + 1}"


def check_config(app: Sphinx, config: Config) -> None:
    for setting in fields(EncyclopediaConfig):
        name = PREFIX + setting.name
        value = getattr(config, name)
        expected = setting.metadata["check"](value)
        if expected is not None:
            default = _default(setting)
            warn(
                f"{name} must be {expected}, not {value!r}; using {default!r}",
                "config",
                location=conf_location(app, name),
            )
            setattr(config, name, default)
    config.encyclopedia_note_groups = checked_note_groups(app, config.encyclopedia_note_groups)


_ROLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+:.][A-Za-z0-9]+)*")


def checked_note_groups(app: Sphinx, groups: dict[Any, Any]) -> dict[str, str]:
    """The groups that can be roles: each name a role name no one else has taken."""
    location = conf_location(app, PREFIX + "note_groups")
    checked: dict[str, str] = {}
    for group, style in groups.items():
        if not isinstance(group, str) or not _ROLE_NAME.fullmatch(group):
            warn(f"note group {group!r} is not a role name; it is left out", "config", location)
            continue
        if role_taken(group, app.config):
            warn(
                f"note group {group!r} would shadow the existing role :{group}:; "
                "it is left out (choose another name)",
                "config",
                location,
            )
            continue
        if style not in LABEL_STYLES:
            warn(
                f"note group {group!r} has label style {style!r}; styles are "
                + ", ".join(LABEL_STYLES) + "; using 'lower-alpha'",
                "config",
                location,
            )  # fmt: skip
            style = "lower-alpha"
        checked[group] = style
    return checked


def role_taken(name: str, config: Config) -> bool:
    """Whether a role of this name exists already (docutils', Sphinx's or an extension's).

    docutils' lookup finds its own roles and those registered with ``app.add_role``; the
    standard domain's roles (``ref``, ``doc``, …) and, with the default ``primary_domain``,
    the Python domain's are looked up before them when a page is read, so they would win
    over a note group of the same name.
    """
    from sphinx.domains.python import PythonDomain
    from sphinx.domains.std import StandardDomain

    from .notes import NoteRole

    reporter = Reporter("", Reporter.SEVERE_LEVEL + 1, Reporter.SEVERE_LEVEL + 1, stream=False)
    found, _messages = roles.role(name, languages.get_language("en"), 0, reporter)
    if found is not None and not isinstance(found, NoteRole):  # ours, from a build before
        return True
    if name in StandardDomain.roles:
        return True
    return config.primary_domain == "py" and name in PythonDomain.roles


def setup_config(app: Sphinx) -> None:
    for setting in fields(EncyclopediaConfig):
        app.add_config_value(
            PREFIX + setting.name,
            _default(setting),
            setting.metadata["rebuild"],
            types=setting.metadata["types"],
            description=setting.metadata["doc"],
        )
    app.connect("config-inited", check_config, priority=HANDLER_PRIORITY["check_config"])
