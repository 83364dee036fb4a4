"""A local extension that stops the build from an event handler, as Ctrl-C or a failing
extension would: ``-D interrupt_at=<event>`` names the event, ``-D interrupt_with=`` the
exception (``KeyboardInterrupt``, the default, or ``RuntimeError``) and ``-D interrupt_page=``
the page, for the events that are emitted for each page (every page by default). Its handlers
run at the default priority, after those of the extensions listed before it, but that of
``doctree-resolved``, which runs after every other handler has had the page, ``keep_doctrees``'
among them."""

from __future__ import annotations

from functools import partial
from typing import Any

EVENTS = (
    "builder-inited",
    "env-get-outdated",
    "env-before-read-docs",
    "source-read",
    "doctree-read",
    "env-updated",
    "env-check-consistency",
    "doctree-resolved",
    "html-page-context",
    "build-finished",
)
LAST = {"doctree-resolved": 20_000}
# Where the page's name is among the handler's arguments (after ``app``).
PAGE_ARGUMENT = {"source-read": 0, "doctree-resolved": 1, "html-page-context": 0}


class BuildStoppedError(RuntimeError):
    pass


def stop(event: str, app: Any, *args: Any) -> list[str] | None:
    config = app.config
    page = args[PAGE_ARGUMENT[event]] if event in PAGE_ARGUMENT else None
    if config.interrupt_at == event and (page is None or config.interrupt_page in ("", page)):
        if config.interrupt_with == "RuntimeError":
            raise BuildStoppedError(f"stopped at {event}")
        raise KeyboardInterrupt
    return [] if event == "env-get-outdated" else None  # that event wants documents


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("interrupt_at", "", "", types=[str])
    app.add_config_value("interrupt_with", "KeyboardInterrupt", "", types=[str])
    app.add_config_value("interrupt_page", "", "", types=[str])
    for event in EVENTS:
        app.connect(event, partial(stop, event), priority=LAST.get(event, 500))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
