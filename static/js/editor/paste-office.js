// What word processors put on the clipboard that has to be understood before their
// styles and classes are thrown away: Word's hidden list markers and list paragraphs,
// Google Docs' style-only bold/italic and its fake <b> wrapper. Used by paste.js.

const REVEALED_IF = /^\s*\[if\s+([^\]]*)\]\s*$/i;
const ENDIF = /^\s*\[endif\]\s*$/i;
const LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i;
// "1." "12)" "(a)" "iv." "B." — Word's level-2 bullet is a bare "o", so a letter or
// roman numeral only counts as a number with its punctuation.
const NUMBER_MARKER = /^(\(?\d+[.)]?|\(?[a-z]{1,5}[.)])$/i;
// paste.js renames every style attribute to this before parsing (see withoutInlineCode there).
export const STYLE = "data-paste-style";

/** The element's inline declarations, read from its text: under the admin's
 * Content-Security-Policy the browser never applies them, so element.style is empty. */
function declarations(element) {
  const found = {};
  for (const part of (element.getAttribute(STYLE) || "").split(";")) {
    const colon = part.indexOf(":");
    if (colon < 0) continue;
    const name = part.slice(0, colon).trim().toLowerCase();
    found[name] = part.slice(colon + 1).replace(/!\s*important/i, "").trim().toLowerCase();
  }
  return found;
}

/** Word's "downlevel-revealed" conditionals (<![if !supportLists]> … <![endif]>) reach
 * the DOM as two comments around ordinary nodes meant only for non-Word readers: list
 * bullets and numbers, duplicate line breaks, image fallbacks, the footnote separator.
 * List markers are remembered on their paragraph (they say ordered or not) and all of
 * it is removed, except footnote labels, which are the text of a note call that may
 * have lost its note. Returns paragraph → marker text. */
export function takeConditionals(root) {
  const markers = new Map();
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const starts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (REVEALED_IF.test(node.data)) starts.push(node);
  }
  for (const start of starts) {
    const inside = [];
    let node = start.nextSibling;
    while (node && !(node.nodeType === Node.COMMENT_NODE && ENDIF.test(node.data))) {
      inside.push(node);
      node = node.nextSibling;
    }
    if (!node) continue; // no matching [endif] among the siblings: leave it be
    const condition = REVEALED_IF.exec(start.data)[1];
    if (/supportLists/i.test(condition)) {
      const paragraph = start.parentElement?.closest("p, h1, h2, h3, h4, h5, h6, li, div");
      const text = inside.map((n) => n.textContent).join("");
      if (paragraph && !markers.has(paragraph)) markers.set(paragraph, markerText(text));
    }
    const keep = /support(Footnotes|Endnotes|Annotations)/i.test(condition);
    if (!keep) inside.forEach((n) => n.remove());
    start.remove();
    node.remove();
  }
  // Some copies lose the comments but keep Word's marker span, styled mso-list:Ignore.
  for (const span of root.querySelectorAll(`[${STYLE}*="mso-list"]`)) {
    if (!/mso-list:\s*ignore/i.test(span.getAttribute(STYLE))) continue;
    const paragraph = span.closest("p");
    if (paragraph && !markers.has(paragraph)) markers.set(paragraph, markerText(span.textContent));
    span.remove();
  }
  return markers;
}

function markerText(text) {
  return text.replace(/[\s\u00a0]+/g, "");
}

/** Turns runs of Word list paragraphs (style "mso-list:l0 level2 lfo1") into real,
 * nested <ul>/<ol> with <li><p>…</p></li>, ordered when the hidden marker is a number
 * or a letter. A change of list (l0 → l1) at the first level starts a new list. */
export function buildWordLists(root, markers) {
  const done = new Set();
  for (const first of root.querySelectorAll(`p[${STYLE}]`)) {
    if (done.has(first) || !listInfo(first)) continue;
    const run = [first];
    for (let next = nextElement(first); next && listInfo(next); next = nextElement(next)) {
      run.push(next);
    }
    run.forEach((p) => done.add(p));
    const place = root.ownerDocument.createComment("");
    first.before(place); // the paragraphs move into the lists being built
    place.replaceWith(buildLists(root.ownerDocument, run, markers));
  }
}

function listInfo(element) {
  if (element.localName !== "p") return null;
  const match = LIST_STYLE.exec(element.getAttribute(STYLE) || "");
  return match ? { list: match[1], level: Number(match[2]) } : null;
}

function nextElement(element) {
  let node = element.nextSibling;
  while (node && node.nodeType !== Node.ELEMENT_NODE) {
    if (node.nodeType === Node.TEXT_NODE && node.data.trim()) return null;
    node = node.nextSibling;
  }
  return node;
}

function buildLists(doc, paragraphs, markers) {
  const fragment = doc.createDocumentFragment();
  const stack = []; // {level, list, item, id}
  for (const paragraph of paragraphs) {
    const { list: id, level } = listInfo(paragraph);
    const marker = markers.get(paragraph) || "";
    const tag = NUMBER_MARKER.test(marker) ? "ol" : "ul";
    while (stack.length && stack.at(-1).level > level) stack.pop();
    let top = stack.at(-1);
    const differs = top && top.level === level && (top.list.localName !== tag || top.id !== id);
    if (differs) stack.pop();
    if (!top || differs || top.level < level) {
      const list = doc.createElement(tag);
      const start = Number.parseInt(marker.replace(/^\(/, ""), 10);
      if (tag === "ol" && start > 1) list.setAttribute("start", String(start));
      const parent = stack.at(-1);
      if (parent) {
        if (!parent.item) parent.item = parent.list.appendChild(doc.createElement("li"));
        parent.item.append(list);
      } else {
        fragment.append(list);
      }
      top = { level, list, item: null, id };
      stack.push(top);
    }
    top.item = top.list.appendChild(doc.createElement("li"));
    top.item.append(paragraph);
    paragraph.removeAttribute(STYLE);
  }
  return fragment;
}

/** Google Docs wraps what it copies in <b style="font-weight:normal" id="docs-internal-
 * guid-…">, which is not bold, and says bold, italic, superscript and subscript only
 * with span styles; those become <strong>, <em>, <sup>, <sub> before styles are lost. */
export function marksFromStyles(root) {
  const doc = root.ownerDocument;
  for (const element of root.querySelectorAll("b, strong")) {
    const weight = declarations(element)["font-weight"] || "";
    if (element.id.startsWith("docs-internal-guid") || /^(normal|lighter|[1-5]00)$/.test(weight)) {
      element.replaceWith(...element.childNodes);
    }
  }
  for (const element of root.querySelectorAll(`:is(span, font, a)[${STYLE}]`)) {
    const style = declarations(element);
    const fontWeight = style["font-weight"] || "";
    const fontStyle = style["font-style"] || "";
    const verticalAlign = style["vertical-align"] || "";
    const marks = [];
    if (/^(bold|bolder|[6-9]00)$/.test(fontWeight)) marks.push("strong");
    if (/^(italic|oblique)/.test(fontStyle)) marks.push("em");
    if (verticalAlign === "super") marks.push("sup");
    if (verticalAlign === "sub") marks.push("sub");
    for (const mark of marks.reverse()) { // the first listed ends up outermost
      const wrapper = doc.createElement(mark);
      wrapper.append(...element.childNodes);
      element.append(wrapper);
    }
  }
}

/** Word writes some headings and titles as paragraphs with a class only. */
export function headingLevel(element) {
  const match = /\bMso(Heading([1-9])|Title)\b/.exec(element.getAttribute("class") || "");
  if (!match) return 0;
  return match[2] ? Number(match[2]) : 1;
}
