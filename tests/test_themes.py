"""The previews and the article furniture in each supported theme, light and dark, checked in
Chromium on the computed colours; screenshots go to the test's temporary directory."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser import BuiltSites, screenshot, serve
from side_by_side import selected_params

THEMES = [
    ("furo", "light"),
    ("furo", "dark"),
    ("alabaster", "light"),
    ("sphinx_rtd_theme", "light"),
    ("pydata_sphinx_theme", "light"),
    ("pydata_sphinx_theme", "dark"),
    ("sphinx_book_theme", "light"),
]


def luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(scope="module", params=sorted({theme for theme, _ in THEMES}))
def themed_site(
    request: pytest.FixtureRequest, built_site: BuiltSites
) -> Iterator[tuple[str, str]]:
    theme = request.param
    # Every theme this session tests, side by side, when the first is asked for.
    themes = sorted(selected_params(request, "themed_site"))
    built_site.build("previews", [{"html_theme": name} for name in themes])
    html = built_site("previews", html_theme=theme)  # alabaster's serves test_accessibility too
    with serve(html) as url:
        yield theme, url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_popup_is_readable_and_inside_the_viewport(
    browser: Any, themed_site: tuple[str, str], scheme: str
) -> None:
    theme, url = themed_site
    if (theme, scheme) not in THEMES:
        pytest.skip(f"{theme} has no {scheme} scheme")
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, color_scheme=scheme, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(url + "alpha.html")
    page.locator("sup.enc-cite > a").first.hover()
    page.wait_for_selector("#enc-preview:not([hidden])")
    popup = page.locator("#enc-preview")
    background, colour = popup.evaluate(
        "node => [getComputedStyle(node).backgroundColor, getComputedStyle(node).color]"
    )
    assert not background.startswith("rgba(") or background.endswith(", 1)"), background
    assert contrast(background, colour) >= 4.5, (background, colour)
    if scheme == "dark":
        assert luminance(background) < 0.2, background
    box = popup.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1024
    # The marker is raised above the text it follows.
    raised = page.locator("sup.enc-cite").first.evaluate(
        """node => {
            const range = document.createRange();
            range.selectNodeContents(node.previousSibling);
            return node.getBoundingClientRect().top < range.getBoundingClientRect().top;
        }"""
    )
    assert raised
    screenshot(page, f"theme-{theme}-{scheme}")
    context.close()
