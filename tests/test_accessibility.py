"""Accessibility of the extension's furniture in headless Chromium: axe-core's WCAG 2.1 A/AA
rules on every kind of page in light and dark, and what axe cannot judge by itself (visible
highlights, keyboard focus, notes styled like references, unbroken dates on a phone, a
contents list at every width).

The sample encyclopedia in docs/ is built once, with furo, for all of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser import BuiltSites, axe_or_skip, axe_violations, describe_violations, serve
from helpers import SampleSite

SCHEMES = ["light", "dark"]
ARTICLE = "articles/deceptive-alignment.html"
WITH_NOTES = "articles/reward-hacking.html"  # notes, and a "Further information" hatnote
WITH_FURNITURE = "articles/mesa-optimization.html"  # a "Main article" hatnote, further reading
PAGES = {
    "article": ARTICLE,
    "sources-index": "sources.html",
    "notes": WITH_NOTES,
    "hatnotes-further-reading": WITH_FURNITURE,
    "category-page": "categories/ai-safety.html",  # a listing, and the categories box
}
MARKERS = "sup.enc-cite > a, sup.enc-note-ref > a"
POPUP = "#enc-preview"


@pytest.fixture(scope="module")
def site(sample_site_build: SampleSite) -> Iterator[str]:
    """The sample site as conftest.py builds it for every test that reads it, with ``-W
    --keep-going``: status 1 is a warning, which test_sample_site reports; the pages are
    whole all the same. Only a build that stopped (status 2) leaves nothing to check here."""
    result = sample_site_build.result
    assert result.returncode in (0, 1), result.stderr
    with serve(sample_site_build.html) as url:
        yield url


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_or_skip()


@pytest.fixture
def open_page(browser: Any, site: str) -> Iterator[Any]:
    """``open_page(path, scheme, width=1280)``: a page of the site in a fresh context."""
    contexts: list[Any] = []

    def opened(path: str, scheme: str = "light", width: int = 1280, height: int = 900) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            reduced_motion="reduce",
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(site + path)
        return page

    yield opened
    for context in contexts:
        context.close()


# -- colours, as Chromium computes them ------------------------------------------------------


def rgba(css: str) -> tuple[float, float, float, float]:
    """A computed colour, ``rgb()``/``rgba()`` or ``color(srgb …)`` (what ``color-mix()``
    computes to), as 0-255 channels and an alpha."""
    numbers = [float(part) for part in re.findall(r"[\d.]+", css)]
    if css.startswith("color(srgb"):
        red, green, blue = (channel * 255 for channel in numbers[:3])
        return red, green, blue, numbers[3] if len(numbers) > 3 else 1.0
    red, green, blue = numbers[:3]
    return red, green, blue, numbers[3] if len(numbers) > 3 else 1.0


def over(top: str, bottom: tuple[float, float, float]) -> tuple[float, float, float]:
    red, green, blue, alpha = rgba(top)
    return (
        red * alpha + bottom[0] * (1 - alpha),
        green * alpha + bottom[1] * (1 - alpha),
        blue * alpha + bottom[2] * (1 - alpha),
    )


def luminance(colour: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = colour
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Each element's colours and the page's background behind it (the first opaque ancestor's).
STYLE_OF = """node => {
    const style = getComputedStyle(node);
    let behind = node.parentElement;
    while (behind && /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(behind).backgroundColor))
        behind = behind.parentElement;
    const pageBackground = getComputedStyle(behind || document.documentElement).backgroundColor;
    return {
        background: style.backgroundColor, colour: style.color, pageBackground,
        boxShadow: style.boxShadow, outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth), outlineColour: style.outlineColor,
        textDecoration: style.textDecorationLine, fontSize: style.fontSize,
        lineHeight: style.lineHeight, top: style.top, verticalAlign: style.verticalAlign,
    };
}"""


def shadow_colour(box_shadow: str) -> str | None:
    match = re.search(r"(rgba?\([^)]*\)|color\([^)]*\))", box_shadow)
    return match.group(1) if box_shadow != "none" and match else None


def assert_highlighted(element: Any, what: str) -> None:
    """A jumped-to element stands out from the page (a background of 3:1, or a ring of 3:1
    around a lighter tint, as WCAG 1.4.11 asks of a state shown by colour) and its text stays
    readable on it (4.5:1)."""
    style = element.evaluate(STYLE_OF)
    page_background = rgba(style["pageBackground"])[:3]
    background = over(style["background"], page_background)
    assert background != page_background, f"{what}: no highlight at all ({style})"
    readable = contrast(over(style["colour"], background), background)
    assert readable >= 4.5, f"{what}: text at {readable:.2f}:1 on the highlight ({style})"
    ring = shadow_colour(style["boxShadow"])
    ring_contrast = contrast(over(ring, background), page_background) if ring else 0.0
    stands_out = max(contrast(background, page_background), ring_contrast)
    assert stands_out >= 3, f"{what}: highlight at {stands_out:.2f}:1 to the page ({style})"


# -- axe ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_violations(open_page: Any, axe: str, name: str, scheme: str) -> None:
    page = open_page(PAGES[name], scheme)
    violations = axe_violations(page, axe)
    assert violations == [], f"{name}, {scheme}:\n{describe_violations(violations)}"
    if name == "article":  # and again with a preview open, on the first marker
        page.locator(MARKERS).first.focus()
        page.wait_for_selector(f"{POPUP}:not([hidden])")
        violations = axe_violations(page, axe)
        assert violations == [], f"{name} with a preview, {scheme}:\n" + describe_violations(
            violations
        )
    assert page.errors == []


# -- what axe cannot judge by itself -----------------------------------------------------------


def assert_single_backlinks_stand_out(page: Any) -> None:
    """A lone "^" is told from the text beside it without colour (underlined), or by a colour
    of 3:1 to the text (WCAG 1.4.1)."""
    backlinks = page.eval_on_selector_all(
        "a.enc-backlink[aria-label]",
        """nodes => nodes.map((node) => [getComputedStyle(node).textDecorationLine,
            getComputedStyle(node).color, getComputedStyle(node.closest("p")).color])""",
    )
    assert backlinks
    for decoration, colour, text in backlinks:
        by_colour = contrast(rgba(colour)[:3], rgba(text)[:3])
        assert "underline" in decoration or by_colour >= 3, (decoration, colour, text)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_backlinks_and_jumped_to_markers_and_references_stand_out(
    open_page: Any, scheme: str
) -> None:
    page = open_page(ARTICLE, scheme)
    assert_single_backlinks_stand_out(page)
    page.locator("sup.enc-cite > a").first.click()
    page.wait_for_function("location.hash.startsWith('#cite-note-')")
    item = page.locator("ol.enc-references > li:target")
    assert_highlighted(item, f"reference item ({scheme})")
    item.locator("a.enc-backlink").first.click()
    page.wait_for_function("location.hash.startsWith('#cite-ref-')")
    assert_highlighted(page.locator("sup.enc-cite:target"), f"marker ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_notes_look_and_highlight_like_references(open_page: Any, scheme: str) -> None:
    page = open_page(WITH_NOTES, scheme)
    note_item = page.locator("ol.enc-notes > li").first.evaluate(STYLE_OF)
    reference_item = page.locator("ol.enc-references > li").first.evaluate(STYLE_OF)
    assert note_item["fontSize"] == reference_item["fontSize"]
    note_marker = page.locator("sup.enc-note-ref").first.evaluate(STYLE_OF)
    cite_marker = page.locator("sup.enc-cite").first.evaluate(STYLE_OF)
    for key in ("fontSize", "lineHeight", "top", "verticalAlign"):
        assert note_marker[key] == cite_marker[key], key
    page.locator("sup.enc-note-ref > a").first.click()
    page.wait_for_function("location.hash.startsWith('#note-note-')")
    item = page.locator("ol.enc-notes > li:target")
    assert_highlighted(item, f"note ({scheme})")
    item.locator("a.enc-backlink").first.click()
    page.wait_for_function("location.hash.startsWith('#note-ref-')")
    assert_highlighted(page.locator("sup.enc-note-ref:target"), f"note marker ({scheme})")


def test_a_note_marker_does_not_open_up_its_line_under_alabaster(
    browser: Any, built_site: BuiltSites
) -> None:
    html = built_site("previews", html_theme="alabaster")  # test_themes' alabaster site too
    with serve(html) as url:
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        page = context.new_page()
        page.goto(url + "alpha.html")
        # Every line of the paragraph holding [a] (and [1]s) is one line-height apart.
        lines, height, line_height = page.locator("p:has(sup.enc-note-ref)").evaluate(
            """node => {
                const tops = new Set();
                for (const text of node.childNodes) {
                    if (text.nodeType !== Node.TEXT_NODE) continue;
                    const range = document.createRange();
                    range.selectNodeContents(text);
                    for (const rect of range.getClientRects()) tops.add(Math.round(rect.bottom));
                }
                return [tops.size, node.getBoundingClientRect().height,
                        parseFloat(getComputedStyle(node).lineHeight)];
            }"""
        )
        context.close()
    assert abs(height - lines * line_height) < 1, (lines, height, line_height)


# Dates and identifiers as CS1 writes them: ISO dates, and "doi:10.…", "ISBN 978-…" and so on.
UNBROKEN = (
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:doi|arXiv|Bibcode|hdl):\S+?(?=[.,;]?(?:\s|$))"
    r"|\b(?:ISBN|ISSN|PMID|PMC|OCLC|JSTOR) [\dXx-]+\d"
)
SPLIT = """([selector, pattern]) => {
    const split = [];
    for (const holder of document.querySelectorAll(selector)) {
        const texts = [];
        const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
        let whole = "";
        while (walker.nextNode()) {
            texts.push([walker.currentNode, whole.length]);
            whole += walker.currentNode.data;
        }
        const at = (offset) => {
            for (let i = texts.length - 1; i >= 0; i--)
                if (texts[i][1] <= offset) return [texts[i][0], offset - texts[i][1]];
        };
        for (const match of whole.matchAll(new RegExp(pattern, "g"))) {
            const range = document.createRange();
            range.setStart(...at(match.index));
            range.setEnd(...at(match.index + match[0].length - 1));
            range.setEnd(range.endContainer, range.endOffset + 1);
            const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
            const rows = new Set(rects.map((rect) => Math.round(rect.bottom / 4)));
            if (rows.size > 1) split.push(match[0]);
        }
    }
    return split;
}"""


@pytest.mark.parametrize("path", [ARTICLE, "sources.html"])
def test_dates_and_identifiers_stay_whole_on_a_phone(open_page: Any, path: str) -> None:
    page = open_page(path, width=375, height=800)
    split = page.evaluate(SPLIT, [".enc-reference-text", UNBROKEN])
    assert split == []
    # Kept whole, none of them pushes the page wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_contents_list_at_every_width_under_furo(open_page: Any) -> None:
    # furo shows "On this page" beside the article only above 82em (1312 px); below, the
    # extension's box after the lead stands in for it.
    page = open_page(ARTICLE)
    for width, box_shown in ((1280, True), (1024, True), (375, True), (1400, False)):
        page.set_viewport_size({"width": width, "height": 900})
        box = page.locator("div.enc-lead + nav.enc-contents")
        assert box.count() == 1
        assert box.is_visible() is box_shown, width
        theme_toc = page.locator(".toc-drawer .toc-tree").evaluate(
            "node => { const r = node.getBoundingClientRect();"
            " return r.width > 0 && r.left < innerWidth && r.right > 0; }"
        )
        assert theme_toc is not box_shown, width


# Which of the extension's links the focused element is, and how its focus shows.
FOCUSED = """() => {
    const node = document.activeElement;
    if (!node || node === document.body) return null;
    const style = getComputedStyle(node);
    let kind = "other";
    if (node.closest("#enc-preview")) kind = "popup";
    else if (node.matches("sup.enc-cite > a, sup.enc-note-ref > a")) kind = "marker";
    else if (node.matches("a.enc-backlink")) kind = "backlink";
    else if (node.closest(".enc-contents, .enc-hatnote, .enc-lead, .enc-references")) kind = "enc";
    let behind = node;
    while (behind && /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(behind).backgroundColor))
        behind = behind.parentElement;
    return {
        kind, id: (node.closest("sup") || node).id || node.getAttribute("href"),
        html: node.outerHTML.slice(0, 120),
        outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
        outlineColour: style.outlineColor, boxShadow: style.boxShadow,
        pageBackground: getComputedStyle(behind || document.documentElement).backgroundColor,
        popupLinks: document.querySelectorAll("#enc-preview:not([hidden]) a").length,
    };
}"""


def focus_is_visible(focused: dict[str, Any]) -> bool:
    background = rgba(focused["pageBackground"])[:3]
    if focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 1:
        if focused["outlineStyle"] == "auto":  # the browser's own focus ring
            return True
        return contrast(over(focused["outlineColour"], background), background) >= 3
    ring = shadow_colour(focused["boxShadow"])
    return ring is not None and contrast(over(ring, background), background) >= 3


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_keyboard_reaches_every_marker_backlink_and_popup_link(
    open_page: Any, scheme: str
) -> None:
    page = open_page(ARTICLE, scheme)
    markers = set(page.eval_on_selector_all(MARKERS, "nodes => nodes.map((a) => a.parentNode.id)"))
    backlinks = set(page.eval_on_selector_all("a.enc-backlink", "ns => ns.map((a) => a.href)"))
    seen: dict[str, set[str]] = {"marker": set(), "backlink": set()}
    popup_links_expected = popup_links_reached = 0
    invisible = []
    for _ in range(600):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (focused["kind"] == "other" and seen["backlink"] == backlinks):
            break
        if focused["kind"] == "other":
            continue
        if not focus_is_visible(focused):
            invisible.append(focused)
        if focused["kind"] == "marker":
            seen["marker"].add(focused["id"])
            # Its preview opens after a moment, and its links come next in the tab order.
            page.wait_for_function(
                "document.activeElement.getAttribute('aria-describedby') === 'enc-preview'"
            )
            popup_links_expected += page.evaluate(FOCUSED)["popupLinks"]
        elif focused["kind"] == "backlink":
            seen["backlink"].add(page.evaluate("document.activeElement.href"))
        elif focused["kind"] == "popup":
            popup_links_reached += 1
    assert seen["marker"] == markers
    assert seen["backlink"] == backlinks
    assert popup_links_expected > 0 and popup_links_reached == popup_links_expected
    assert invisible == []
