"""Differences between the Sphinx versions this package supports."""

from __future__ import annotations

from typing import Any

from sphinx.environment import BuildEnvironment


def builder_of(env: BuildEnvironment) -> Any:
    """The running builder; Sphinx 9 deprecates ``SphinxPostTransform.app`` for this."""
    app = getattr(env, "_app", None) or env.app
    return app.builder
