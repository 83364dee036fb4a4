"""Reference and page previews in real headless Chromium: hover, focus, touch, layout."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import BuiltSites, build_site, screenshot, serve

from sphinx_encyclopedia.assets import STATIC_DIR

POPUP = "#enc-preview"
VISIBLE = "#enc-preview:not([hidden])"


@pytest.fixture(scope="module")
def site(built_site: BuiltSites) -> Iterator[str]:
    with serve(built_site("previews")) as url:
        yield url


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    opened = context.new_page()
    opened.errors = []
    opened.requests = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.goto(site + "alpha.html")
    yield opened
    assert opened.errors == []
    assert [url for url in opened.requests if not url.startswith(site)] == []
    context.close()


def marker(page: Any, index: int) -> Any:
    return page.locator("sup.enc-cite > a").nth(index)


def popup_box(page: Any) -> dict[str, float]:
    page.wait_for_selector(VISIBLE)
    box = page.locator(POPUP).bounding_box()
    assert box is not None
    return box


def inside_viewport(page: Any, box: dict[str, float]) -> bool:
    width = page.evaluate("document.documentElement.clientWidth")
    height = page.evaluate("window.innerHeight")
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= height
    )


def test_hovering_a_marker_shows_the_reference_with_its_kind(page: Any) -> None:
    marker(page, 0).hover()
    box = popup_box(page)
    text = page.inner_text(POPUP)
    assert text.splitlines()[0] == "JOURNAL"  # the header, upper-cased by CSS
    assert "Betley, Jan (2025). “Training large language models" in text
    assert "Jump up" not in text and "^" not in text
    doi = page.locator(f"{POPUP} a", has_text="10.1038/s41586-025-09937-5")
    assert doi.get_attribute("href") == "https://doi.org/10.1038/s41586-025-09937-5"
    assert inside_viewport(page, box)
    page.wait_for_timeout(200)  # the fade-in
    screenshot(page, "reference-preview")
    page.mouse.move(2, 2)
    page.wait_for_selector(POPUP, state="hidden")


def test_the_popup_stays_open_while_the_pointer_is_on_it(page: Any) -> None:
    marker(page, 0).hover()
    popup_box(page)
    page.locator(f"{POPUP} a").first.hover()
    page.wait_for_timeout(400)
    assert page.locator(POPUP).is_visible()


def test_kinds_and_locators(page: Any) -> None:
    marker(page, 1).hover()
    popup_box(page)
    assert page.inner_text(POPUP).splitlines()[0] == "NEWS"
    page.mouse.move(2, 2)
    page.wait_for_selector(POPUP, state="hidden")
    marker(page, 2).hover()
    popup_box(page)
    text = page.inner_text(POPUP)
    assert text.splitlines()[0] == "BOOK"
    assert text.splitlines()[-1] == "At: p. 137"


def test_notes_preview_too(page: Any) -> None:
    page.locator("sup.enc-note-ref > a").first.hover()
    popup_box(page)
    assert page.inner_text(POPUP).splitlines() == ["NOTE", "Asides are notes."]


def test_short_citations_preview_the_short_form_and_the_full_citation(page: Any, site: str) -> None:
    page.goto(site + "short.html")
    marker(page, 0).hover()
    popup_box(page)
    assert page.inner_text(POPUP).splitlines() == [
        "BOOK", "Russell 2019, p. 12.",
        "Russell, Stuart (2019). Human Compatible. New York: Viking. ISBN 978-0-525-55861-3.",
    ]  # fmt: skip
    page.mouse.move(2, 2)
    page.wait_for_selector(POPUP, state="hidden")
    page.locator(".enc-harv > a").hover()
    popup_box(page)
    assert page.inner_text(POPUP).splitlines()[1:] == [
        "Russell, Stuart (2019). Human Compatible. New York: Viking. ISBN 978-0-525-55861-3.",
    ]


def test_keyboard_focus_describes_the_marker_and_tab_walks_through(page: Any) -> None:
    first = marker(page, 0)
    first.focus()
    popup_box(page)
    assert first.get_attribute("aria-describedby") == "enc-preview"
    page.keyboard.press("Tab")  # into the popup: its doi link comes next in the tab order
    assert page.evaluate("document.activeElement.closest('#enc-preview') !== null")
    assert page.locator(POPUP).is_visible()
    page.keyboard.press("Tab")  # out again, to the next marker: no trap
    assert page.evaluate("document.activeElement.closest('#enc-preview') === null")
    assert page.evaluate("document.activeElement.closest('sup.enc-cite') !== null")
    # The next marker now has focus, and the popup describes it instead.
    page.wait_for_function(
        "document.activeElement.getAttribute('aria-describedby') === 'enc-preview'"
    )
    assert first.get_attribute("aria-describedby") is None


def test_escape_closes_and_returns_focus(page: Any) -> None:
    first = marker(page, 0)
    first.focus()
    popup_box(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    page.wait_for_selector(POPUP, state="hidden")
    assert page.evaluate("document.activeElement === document.querySelector('sup.enc-cite a')")


def test_page_preview_is_fetched_lazily_and_strips_markers(page: Any, site: str) -> None:
    assert [url for url in page.requests if "_previews" in url] == []
    page.locator("section a.reference.internal", has_text="Beta").first.hover()
    popup_box(page)
    lines = page.inner_text(POPUP).splitlines()
    assert lines[:2] == ["Beta", "The second article"]
    extract = lines[2]
    assert extract.startswith("Beta is the second article of the site, and its lead is what")
    assert "It cites a book. It has a note too. It goes on" in extract
    assert "[" not in extract and "Not shown" not in extract
    assert extract.endswith("…") and len(extract) <= 526
    fetched = [url for url in page.requests if "_previews" in url]
    assert fetched == [site + "_previews/index.json", site + "_previews/0.json"]
    page.wait_for_timeout(200)
    screenshot(page, "page-preview")


def test_page_preview_on_keyboard_focus(page: Any) -> None:
    link = page.locator("section a.reference.internal", has_text="Beta").first
    link.focus()
    box = popup_box(page)
    assert page.inner_text(POPUP).splitlines()[:2] == ["Beta", "The second article"]
    assert link.get_attribute("aria-describedby") == "enc-preview"
    assert inside_viewport(page, box)
    page.keyboard.press("Escape")
    page.wait_for_selector(POPUP, state="hidden")


def test_popup_fits_a_360px_screen(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    narrow = context.new_page()
    narrow.goto(site + "alpha.html")
    for index in range(narrow.locator("sup.enc-cite > a").count()):
        link = narrow.locator("sup.enc-cite > a").nth(index)
        link.scroll_into_view_if_needed()
        link.hover()
        assert inside_viewport(narrow, popup_box(narrow)), index
        narrow.mouse.move(1, 1)
        narrow.wait_for_selector(POPUP, state="hidden")
    link = narrow.locator("section a.reference.internal", has_text="Beta").first
    link.scroll_into_view_if_needed()
    link.hover()
    assert inside_viewport(narrow, popup_box(narrow))
    narrow.wait_for_timeout(200)
    screenshot(narrow, "page-preview-360px")
    context.close()


def test_clicking_a_marker_then_a_backlink_moves_and_highlights(page: Any) -> None:
    marker(page, 0).click()
    page.wait_for_function("location.hash.startsWith('#cite-note-')")
    item = page.locator("ol.enc-references > li:target")
    assert item.count() == 1
    target_background = item.evaluate("node => getComputedStyle(node).backgroundColor")
    assert target_background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert item.evaluate("node => node.getBoundingClientRect().top >= 0")
    item.locator(".enc-backlinks a", has_text="b").click()
    page.wait_for_function("location.hash.startsWith('#cite-ref-')")
    site_marker = page.locator("sup.enc-cite:target")
    assert site_marker.inner_text() == "[1]"
    assert site_marker.evaluate("node => node === document.querySelectorAll('sup.enc-cite')[3]")
    assert site_marker.evaluate(
        "node => { const r = node.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }"
    )


def test_touch_opens_on_first_tap_and_jumps_from_the_popup(browser: Any, site: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True
    )
    phone = context.new_page()
    phone.goto(site + "alpha.html")
    phone.locator("sup.enc-cite > a").first.tap()
    popup_box(phone)
    assert phone.evaluate("location.hash") == ""
    jump = phone.locator(f"{POPUP} a.enc-preview-jump")
    assert jump.inner_text() == "Jump to reference"
    jump.tap()
    phone.wait_for_function("location.hash.startsWith('#cite-note-')")
    context.close()


def test_motion_follows_the_readers_preference(browser: Any, site: str) -> None:
    for motion, animation in (("reduce", "none"), ("no-preference", "enc-preview-in")):
        context = browser.new_context(reduced_motion=motion)
        opened = context.new_page()
        opened.goto(site + "alpha.html")
        opened.locator("sup.enc-cite > a").first.hover()
        popup_box(opened)
        assert opened.locator(POPUP).evaluate("node => getComputedStyle(node).animationName") == (
            animation
        )
        context.close()


def test_from_file_urls_page_previews_degrade_quietly(browser: Any, built_site: BuiltSites) -> None:
    html = built_site("previews")  # the site the other tests serve, opened from its files
    context = browser.new_context()
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto((html / "alpha.html").as_uri())
    opened.locator("section a.reference.internal", has_text="Beta").first.hover()
    opened.wait_for_timeout(700)
    assert not opened.locator(POPUP).is_visible()
    opened.locator("sup.enc-cite > a").first.hover()
    opened.wait_for_selector(VISIBLE)  # reference previews need no fetch
    assert errors == []
    context.close()


def test_previews_can_be_turned_off(browser: Any, tmp_path: Path) -> None:
    html = build_site(
        "previews",
        tmp_path,
        encyclopedia_reference_previews="0",
        encyclopedia_page_previews="0",
        encyclopedia_cite_this_page="none",  # whose copy buttons need the script
    )
    assert "sphinx-encyclopedia.js" not in (html / "alpha.html").read_text(encoding="utf-8")
    assert not (html / "_previews").exists()
    with serve(html) as url:
        context = browser.new_context()
        opened = context.new_page()
        opened.goto(url + "alpha.html")
        opened.locator("sup.enc-cite > a").first.hover()
        opened.wait_for_timeout(500)
        assert opened.locator(POPUP).count() == 0
        context.close()


def test_script_and_stylesheet_weigh_under_15_kb_gzipped() -> None:
    weight = sum(
        len(gzip.compress((STATIC_DIR / name).read_bytes(), 9))
        for name in ("sphinx-encyclopedia.css", "sphinx-encyclopedia.js")
    )
    assert weight <= 15 * 1024, weight
