/* sphinx-encyclopedia: reference and page previews, without a server and without a CDN.
 *
 * Reference previews copy the formatted reference from the page's own list. Page previews
 * fetch _previews/index.json, which names the file holding each page's preview (a few pages
 * to a file), from the same site on the first hover; where fetch is refused (pages opened
 * from file://), they stay off and links behave as links.
 *
 * The popup is inserted right after its trigger, so the keyboard reaches its links next in
 * the tab order and leaves them as it would leave any link: no focus trap. */
(() => {
  "use strict";

  const script = document.currentScript;
  const options = {
    references: !script || script.dataset.referencePreviews !== "0",
    pages: !!script && script.dataset.pagePreviews === "1",
    previewRoot: (script && script.dataset.previewRoot) || "_previews",
  };
  const labels = Object.assign(
    { jump: "Jump to reference", note: "Note", locator: "At:", kinds: {} },
    window.SPHINX_ENCYCLOPEDIA_LABELS || {},
  );
  const SHOW_DELAY = 150;
  const HIDE_DELAY = 250;
  const MARGIN = 8;

  let popup = null;
  let current = null;
  let showTimer = 0;
  let hideTimer = 0;
  let lastPointer = "mouse";
  let requests = 0;
  let manifest = null;
  const pageCache = new Map();

  const contentRoot = () =>
    new URL(document.documentElement.dataset.content_root || "./", window.location.href);

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* -- what a popup shows ------------------------------------------------------------------ */

  const target = (link) => {
    const id = decodeURIComponent(link.hash.slice(1));
    return id ? document.getElementById(id) : null;
  };

  const copied = (node) => {
    const copy = node.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach((inner) => inner.removeAttribute("id"));
    return copy;
  };

  function referenceContent(trigger) {
    const item = target(trigger);
    if (!item) return null;
    // A shortened footnote shows its short form, then the full citation it links to.
    const short = item.querySelector(".enc-short-text");
    const fullLink = short && short.querySelector("a.enc-short-link");
    const full = fullLink ? target(fullLink) : short ? null : item;
    const body = full && full.querySelector(".enc-reference-text, .enc-note-text");
    if (!body && !short) return null;
    const content = document.createDocumentFragment();
    const isNote = body && body.classList.contains("enc-note-text");
    const kind =
      body && [...body.classList].find((name) => !["enc-reference-text", "citation"].includes(name));
    const header = isNote ? labels.note : labels.kinds[kind] || labels.kinds.generic || kind;
    if (header) content.append(element("span", "enc-preview-header", header));
    if (short) {
      content.append(element("span", "enc-preview-short", short.textContent));
    }
    if (body) {
      content.append(element("span", "enc-preview-body"));
      content.lastChild.append(copied(body));
    }
    const locator = trigger.parentElement.querySelector(".enc-locator");
    if (locator) {
      const where = locator.textContent.replace(/^:\s*/, "");
      content.append(element("span", "enc-preview-locator", `${labels.locator} ${where}`));
    }
    if (lastPointer === "touch") {
      const jump = element("a", "enc-preview-jump", labels.jump);
      jump.href = trigger.getAttribute("href");
      jump.addEventListener("click", hide);
      content.append(jump);
    }
    return content;
  }

  function pageKey(link) {
    const root = contentRoot();
    const target = new URL(link.getAttribute("href"), window.location.href);
    if (target.origin !== root.origin || !target.pathname.startsWith(root.pathname)) return null;
    const here = new URL(window.location.href);
    if (target.pathname === here.pathname) return null;
    return decodeURI(target.pathname.slice(root.pathname.length));
  }

  async function loadManifest() {
    if (manifest === null) {
      manifest = fetch(new URL(`${options.previewRoot}/index.json`, contentRoot()))
        .then((response) => (response.ok ? response.json() : { pages: {} }))
        .catch(() => ({ pages: {} })); // file:// and offline copies: no page previews
    }
    return manifest;
  }

  async function pageData(key) {
    const { pages } = await loadManifest();
    const file = pages[key];
    if (!file) return null;
    if (!pageCache.has(file)) {
      const url = new URL(`${options.previewRoot}/${file}`, contentRoot());
      pageCache.set(
        file,
        fetch(url)
          .then((response) => (response.ok ? response.json() : {}))
          .catch(() => ({})),
      );
    }
    const group = await pageCache.get(file); // a few pages' previews share a file
    return Object.hasOwn(group, key) ? group[key] : null;
  }

  async function pageContent(trigger) {
    const key = pageKey(trigger);
    const data = key === null ? null : await pageData(key);
    if (!data) return null;
    const content = document.createDocumentFragment();
    if (data.picture) {
      // Beside the title, as Wikipedia's previews show it; the title says what it is, so
      // the picture is decoration to a screen reader. Its box is sized by the stylesheet,
      // so the popup does not grow and move once it has loaded.
      const picture = element("img", "enc-preview-picture");
      picture.src = new URL(data.picture, contentRoot()).href;
      picture.alt = "";
      content.append(picture);
    }
    content.append(element("strong", "enc-preview-title", data.title));
    if (data.description) {
      content.append(element("span", "enc-preview-description", data.description));
    }
    if (data.extract) content.append(element("span", "enc-preview-extract", data.extract));
    return content;
  }

  /* -- showing and hiding ------------------------------------------------------------------ */

  function ensurePopup() {
    if (popup) return popup;
    popup = element("span", "enc-preview");
    popup.id = "enc-preview";
    popup.setAttribute("role", "tooltip");
    popup.hidden = true;
    popup.addEventListener("mouseenter", () => clearTimeout(hideTimer));
    popup.addEventListener("mouseleave", scheduleHide);
    popup.addEventListener("focusout", (event) => {
      const next = event.relatedTarget;
      if (!next || (!popup.contains(next) && next !== current)) scheduleHide();
    });
    return popup;
  }

  function anchorOf(trigger) {
    // After the superscript of a marker, after the link itself otherwise.
    return trigger.closest("sup") || trigger;
  }

  function place(trigger) {
    const viewportWidth = document.documentElement.clientWidth;
    const viewportHeight = window.innerHeight;
    popup.style.maxWidth = `${Math.min(448, viewportWidth - 2 * MARGIN)}px`;
    popup.style.left = "0px";
    popup.style.top = "0px";
    const box = popup.getBoundingClientRect();
    const rect = trigger.getBoundingClientRect();
    const left = Math.min(
      Math.max(MARGIN, rect.left + rect.width / 2 - box.width / 2),
      viewportWidth - box.width - MARGIN,
    );
    let top = rect.bottom + 6;
    if (top + box.height > viewportHeight - MARGIN && rect.top - 6 - box.height >= MARGIN) {
      top = rect.top - 6 - box.height;
    }
    popup.style.left = `${Math.max(MARGIN, left)}px`;
    popup.style.top = `${Math.max(MARGIN, Math.min(top, viewportHeight - box.height - MARGIN))}px`;
  }

  async function show(trigger, build) {
    const request = ++requests;
    const content = await build(trigger);
    // Nothing to show, or the reader moved on while page data was loading.
    if (!content || request !== requests) return;
    ensurePopup();
    if (current && current !== trigger) current.removeAttribute("aria-describedby");
    current = trigger;
    popup.replaceChildren(content);
    popup.classList.toggle("enc-preview-page", build === pageContent);
    anchorOf(trigger).after(popup);
    popup.hidden = false;
    trigger.setAttribute("aria-describedby", popup.id);
    place(trigger);
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    requests += 1;
    if (!popup || popup.hidden) return;
    popup.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function bind(trigger, build) {
    const later = () => {
      clearTimeout(hideTimer);
      if (current === trigger && popup && !popup.hidden) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(() => show(trigger, build), SHOW_DELAY);
    };
    trigger.addEventListener("mouseenter", () => {
      if (lastPointer !== "touch") later();
    });
    trigger.addEventListener("mouseleave", scheduleHide);
    trigger.addEventListener("focus", later);
    trigger.addEventListener("blur", (event) => {
      if (!popup || !popup.contains(event.relatedTarget)) scheduleHide();
    });
    trigger.addEventListener("click", (event) => {
      // On touch the first tap opens the preview; the popup's own link then jumps.
      if (lastPointer !== "touch") return;
      if (current === trigger && popup && !popup.hidden) return;
      event.preventDefault();
      clearTimeout(showTimer);
      show(trigger, build);
    });
  }

  function pageLinks() {
    // Maintenance tags and notices link to help pages; a tag's tooltip explains it already.
    const excluded =
      "nav, .toctree-wrapper, .enc-backlinks, .enc-contents, .enc-preview, " +
      ".enc-maintenance, .enc-article-issue";
    return [...document.querySelectorAll("section a.reference.internal[href]")].filter(
      (link) =>
        !link.closest(excluded) &&
        !link.classList.contains("headerlink") &&
        !link.getAttribute("href").startsWith("#"),
    );
  }

  /* -- "Cite this page": copy a format to the clipboard ---------------------------------- */

  async function copy(button) {
    const code = document.getElementById(button.dataset.copy);
    if (!code) return;
    const status = button.closest(".enc-cite-panel, .enc-cite-this-page-section");
    const done = status && status.querySelector(".enc-copied");
    try {
      await navigator.clipboard.writeText(code.textContent);
    } catch {
      // No clipboard (a page from file://, an old browser): select it for the reader to copy.
      window.getSelection().selectAllChildren(code);
      return;
    }
    if (done) done.textContent = labels.copied;
  }

  function init() {
    document.addEventListener("click", (event) => {
      const button = event.target.closest && event.target.closest("button.enc-copy");
      if (button) copy(button);
    });
    if (options.references) {
      document
        .querySelectorAll("sup.enc-cite > a, sup.enc-note-ref > a, .enc-harv > a")
        .forEach((link) => bind(link, referenceContent));
    }
    if (options.pages) pageLinks().forEach((link) => bind(link, pageContent));
    document.addEventListener(
      "pointerdown",
      (event) => {
        lastPointer = event.pointerType || "mouse";
        if (popup && !popup.hidden && !popup.contains(event.target)) {
          const link = event.target.closest && event.target.closest("a");
          if (link !== current) hide();
        }
      },
      true,
    );
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !popup || popup.hidden) return;
      const trigger = current;
      const focusInside = popup.contains(document.activeElement);
      hide();
      if (focusInside && trigger) trigger.focus({ preventScroll: true });
    });
    const follow = () => {
      if (current && popup && !popup.hidden) place(current);
    };
    window.addEventListener("scroll", follow, { passive: true });
    window.addEventListener("resize", follow, { passive: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
