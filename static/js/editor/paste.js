// Clipboard HTML from Word, LibreOffice Writer and Google Docs, made close to the stored
// markup before the editor parses it (its `transformPastedHTML` hook): what carries
// meaning (headings, lists, emphasis, links, footnotes, tables) survives, the rest
// (fonts, colours, mso- styles, classes, conditional comments, namespaced tags, scripts)
// goes. The editor's schema and the server's sanitiser still have the last word.
import {
  STYLE,
  buildWordLists,
  headingLevel,
  marksFromStyles,
  takeConditionals,
} from "./paste-office.js";
import { inlineNotes } from "./paste-notes.js";

// Removed with everything inside them.
const DROP = new Set(
  ("script style meta link title head base template iframe frame frameset object embed " +
    "applet param noscript noembed noframes svg math img picture source track video audio " +
    "canvas map area input button select option optgroup textarea datalist output xml " +
    "colgroup col caption hr").split(" "),
);
// Namespaced Office elements: o:p is an empty-paragraph filler, v: and m: are drawings
// and equations Word also renders as images (dropped); w:sdt and the like wrap real text.
const DROP_PREFIXES = ["o:", "v:", "m:"];
const KEEP = new Set(
  "p h2 h3 h4 ul ol li blockquote strong em sup sub br table tr td th a".split(" "),
);
const RENAME = { b: "strong", i: "em", h1: "h2", h5: "h4", h6: "h4" };
// Block containers that are unwrapped when they hold blocks, or become a paragraph.
const CONTAINERS = new Set(
  ("div section article main header footer aside nav center address figure figcaption " +
    "dl dt dd pre details summary form fieldset legend").split(" "),
);
const BLOCKS = new Set("p h2 h3 h4 ul ol li blockquote table tr td th".split(" "));
const MARKS = new Set(["strong", "em", "sup", "sub", "a"]);
// A citation copied from the editor (or another piece) is kept with what it says; the
// editor's parse rule then normalises it as the server would.
const CITATION_ATTRIBUTES = ["data-ref", "data-label", "data-locator", "data-prefix", "data-suffix"];
const PM_SLICE = /^\d+ \d+( -\d+)? \[[^<>]*\]$/;
const SAFE_HREF = /^(https?:|mailto:|\/(?!\/))/i;
// A comment, a <style> element with its content, or a start tag with its attributes
// (quoted or not, as the HTML tokenizer reads them).
const SPACE = "[\\t\\n\\f\\r /]";
// An unquoted value is taken whole (the lookahead makes it atomic), so a tag that never
// closes cannot make the match backtrack over every way of splitting it.
const ATTRIBUTE =
  `(${SPACE}+)(=?[^\\t\\n\\f\\r />=]+)((?:[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*` +
  `(?:"[^"]*"|'[^']*'|(?=(?<bare>[^\\t\\n\\f\\r >]*))\\k<bare>))?)`;
const TOKEN = new RegExp(
  `<!--[\\s\\S]*?(?:-->|$)|<style\\b[^>]*>[\\s\\S]*?(?:</style[^>]*>|$)|<[a-zA-Z][^\\t\\n\\f\\r />]*(?:${ATTRIBUTE})*${SPACE}*>`,
  "gi",
);
const ATTRIBUTES = new RegExp(ATTRIBUTE, "g");

/** Clipboard HTML in, HTML close to the stored form out. */
export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(withoutInlineCode(String(html ?? "")), "text/html");
  const root = doc.body;
  const markers = takeConditionals(root);
  marksFromStyles(root);
  buildWordLists(root, markers);
  inlineNotes(root);
  const out = doc.createElement("div");
  copyChildren(root, out, false);
  tidy(out);
  return out.innerHTML;
}

/** Style elements and event handler attributes go, and style attributes are renamed,
 * before the HTML is parsed: the parser checks each against the page's
 * Content-Security-Policy, which refuses inline styles and handlers, so every Office paste
 * would report hundreds of violations (none of it would apply or run anyway). */
function withoutInlineCode(html) {
  return html.replace(TOKEN, (token) => {
    if (token.startsWith("<!--")) return token;
    if (/^<style\b/i.test(token)) return "";
    return token.replace(ATTRIBUTES, (attribute, space, name, value) => {
      const lower = name.toLowerCase();
      if (lower.startsWith("on")) return space;
      return lower === "style" ? `${space}${STYLE}${value}` : attribute;
    });
  });
}

function tagFor(element) {
  const name = element.localName;
  if (DROP.has(name) || DROP_PREFIXES.some((prefix) => name.startsWith(prefix))) return null;
  if (name === "span" && element.hasAttribute("data-note")) return "note";
  if (name === "cite" && element.hasAttribute("data-ref")) return "cite";
  const level = name === "p" ? headingLevel(element) : 0;
  if (level) return `h${Math.min(Math.max(level, 2), 4)}`;
  if (name === "a") return SAFE_HREF.test(hrefOf(element)) ? "a" : "";
  if (RENAME[name]) return RENAME[name];
  if (KEEP.has(name)) return name;
  if (CONTAINERS.has(name)) return holdsBlocks(element) ? "" : "p";
  return ""; // unwrapped: its content is kept
}

function hrefOf(link) {
  // As browsers read a URL: tabs and newlines anywhere are ignored ("java\tscript:"), and
  // so are control characters and spaces at either end.
  return (link.getAttribute("href") || "")
    .replace(/[\t\n\r]+/g, "")
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
}

function holdsBlocks(element) {
  return [...element.querySelectorAll("*")].some((e) => {
    const tag = tagFor(e);
    return tag && tag !== "note" && BLOCKS.has(tag);
  });
}

/** Copies src's children into dest through the allowlist. Inside a note (`inline`)
 * blocks become runs of text separated by <br>, and notes and fragment links unwrap. */
function copyChildren(src, dest, inline) {
  for (const node of [...src.childNodes]) copyNode(node, dest, inline);
}

function copyNode(node, dest, inline) {
  const doc = dest.ownerDocument;
  if (node.nodeType === Node.TEXT_NODE) {
    dest.append(doc.createTextNode(node.data.replace(/[ \t\n\r\f]+/g, " ")));
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return; // comments, processing instructions
  const tag = tagFor(node);
  if (tag === null) return;
  if (tag === "") {
    copyChildren(node, dest, inline);
    return;
  }
  if (inline && (tag === "note" || BLOCKS.has(tag))) {
    if (BLOCKS.has(tag) && dest.childNodes.length) dest.append(doc.createElement("br"));
    copyChildren(node, dest, true);
    return;
  }
  if (tag === "cite") {
    const cite = doc.createElement("cite");
    for (const name of CITATION_ATTRIBUTES) {
      if (node.hasAttribute(name)) cite.setAttribute(name, node.getAttribute(name));
    }
    dest.append(cite);
    return;
  }
  if (tag === "table") {
    const caption = node.querySelector(":scope > caption");
    if (caption) {
      // The stored table has no caption: its text stays, as a paragraph before it.
      const paragraph = dest.appendChild(doc.createElement("p"));
      copyChildren(caption, paragraph, inline);
    }
  }
  const copy = doc.createElement(tag === "note" ? "span" : tag);
  if (tag === "note") copy.setAttribute("data-note", "");
  if (tag === "a") copy.setAttribute("href", hrefOf(node));
  // ProseMirror marks what it copies with how deep the slice was cut; without it a paste
  // from the editor itself would split paragraphs instead of joining them.
  const slice = node.getAttribute("data-pm-slice");
  if (slice && PM_SLICE.test(slice)) copy.setAttribute("data-pm-slice", slice);
  if (tag === "ol") keepNumber(node, copy, "start", 1);
  if (tag === "td" || tag === "th") {
    keepNumber(node, copy, "colspan", 1);
    keepNumber(node, copy, "rowspan", 1);
  }
  copyChildren(node, copy, inline || tag === "note");
  dest.append(copy);
}

function keepNumber(src, dest, name, usual) {
  const value = Number.parseInt(src.getAttribute(name) || "", 10);
  if (Number.isInteger(value) && value > usual) dest.setAttribute(name, String(value));
}

/* ---- the shape the editor stores ---------------------------------------------------- */

function tidy(out) {
  for (const br of out.querySelectorAll("br")) trimAround(br);
  for (const note of out.querySelectorAll("span[data-note]")) trimEdges(note);
  dropEmpty(out);
  unwrapHeadingLists(out);
  for (const list of out.querySelectorAll("ul, ol")) fixList(list);
  for (const holder of out.querySelectorAll("li, blockquote, td, th")) wrapInline(holder, true);
  wrapInline(out, false);
  for (const block of out.querySelectorAll("p, h2, h3, h4")) trimEdges(block);
  for (const heading of out.querySelectorAll("h2, h3, h4")) unboldHeading(heading);
  dropEmpty(out);
  for (const table of out.querySelectorAll("table")) fixTable(table);
}

/** Rows in one <tbody>, as the editor writes tables; no text between cells. */
function fixTable(table) {
  const body = table.ownerDocument.createElement("tbody");
  for (const node of [...table.childNodes]) {
    if (node.localName === "tr") body.append(node);
    else node.remove();
  }
  for (const row of body.children) {
    for (const node of [...row.childNodes]) if (node.nodeType !== Node.ELEMENT_NODE) node.remove();
  }
  table.append(body);
}

const isBlock = (node) => node.nodeType === Node.ELEMENT_NODE && BLOCKS.has(node.localName);
const isBlankText = (node) => node.nodeType === Node.TEXT_NODE && !node.data.trim();

// Text, or a citation, which has none of its own.
const holdsSomething = (node) =>
  Boolean(node.textContent.replace(/[\s\u00a0]+/g, "")) ||
  node.localName === "cite" ||
  Boolean(node.querySelector?.("cite"));

/** Marks, notes and blocks with no text left (Word's <p><o:p>&nbsp;</o:p></p>) go. */
function dropEmpty(out) {
  for (const element of [...out.querySelectorAll("*")].reverse()) {
    const name = element.localName;
    if (name === "br" || name === "td" || name === "th" || name === "tr") continue;
    if (holdsSomething(element)) continue;
    if (MARKS.has(name) && element.querySelector("br")) element.replaceWith(...element.childNodes);
    else if (!element.querySelector("td, th")) element.remove();
  }
}

/** Trims spaces and line breaks at both ends of a block or note, however deep in its
 * marks they sit (not inside a nested block). */
function trimEdges(element) {
  const leaves = [];
  const walker = element.ownerDocument.createTreeWalker(
    element,
    NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
    (node) => {
      if (node.nodeType === Node.TEXT_NODE || ["br", "cite"].includes(node.localName)) {
        return NodeFilter.FILTER_ACCEPT;
      }
      return BLOCKS.has(node.localName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    },
  );
  for (let node = walker.nextNode(); node; node = walker.nextNode()) leaves.push(node);
  for (const [order, edge] of [
    [leaves, /^[\s\u00a0]+/],
    [[...leaves].reverse(), /[\s\u00a0]+$/],
  ]) {
    for (const leaf of order) {
      if (!element.contains(leaf)) continue; // removed from the other end
      if (leaf.localName === "cite") break; // a citation is content: trimming stops
      if (leaf.nodeType === Node.TEXT_NODE) {
        leaf.data = leaf.data.replace(edge, "");
        if (leaf.data) break;
      }
      leaf.remove();
    }
  }
}

/** A heading that is bold all through (a styled Google Docs heading) is just a heading. */
function unboldHeading(heading) {
  const only = heading.childNodes.length === 1 ? heading.firstChild : null;
  if (only?.localName === "strong") only.replaceWith(...only.childNodes);
}

/** A line break needs no space on either side of it. */
function trimAround(br) {
  const before = br.previousSibling;
  const after = br.nextSibling;
  if (before?.nodeType === Node.TEXT_NODE) before.data = before.data.replace(/[ \t\n\r]+$/, "");
  if (after?.nodeType === Node.TEXT_NODE) after.data = after.data.replace(/^[ \t\n\r]+/, "");
}

/** LibreOffice puts numbered headings in <ol><li><h1>: a list of nothing but headings is
 * outline numbering, not a list. Innermost lists first, so nested ones fold up. */
function unwrapHeadingLists(out) {
  for (const list of [...out.querySelectorAll("ul, ol")].reverse()) {
    const items = [...list.childNodes].filter((n) => !isBlankText(n));
    const headings = [];
    const onlyHeadings = items.every((item) => {
      if (/^h[2-4]$/.test(item.localName)) return headings.push(item);
      if (item.localName !== "li") return false;
      const inside = [...item.childNodes].filter((n) => !isBlankText(n));
      return inside.length && inside.every((n) => /^h[2-4]$/.test(n.localName) && headings.push(n));
    });
    if (items.length && onlyHeadings) list.replaceWith(...headings);
  }
}

/** Lists hold only <li>: a nested list that Google Docs puts straight in its parent list
 * joins the item before it, stray text gets an item of its own. */
function fixList(list) {
  for (const node of [...list.childNodes]) {
    if (isBlankText(node)) node.remove();
    else if (node.localName === "ul" || node.localName === "ol") {
      const previous = node.previousElementSibling;
      if (previous?.localName === "li") previous.append(node);
      else node.replaceWith(wrap(list.ownerDocument.createElement("li"), node));
    } else if (node.localName !== "li") {
      node.replaceWith(wrap(list.ownerDocument.createElement("li"), node));
    }
  }
}

function wrap(wrapper, node) {
  node.replaceWith(wrapper);
  wrapper.append(node);
  return wrapper;
}

/** Runs of inline content next to blocks become paragraphs, as the editor stores them;
 * an item or cell holding only inline content gets one paragraph too (`always`). */
function wrapInline(holder, always) {
  const nodes = [...holder.childNodes];
  if (!always && !nodes.some(isBlock)) return; // a phrase pasted into a paragraph
  let run = [];
  const flush = () => {
    const meaningful = run.some(holdsSomething);
    if (meaningful) {
      const paragraph = holder.ownerDocument.createElement("p");
      run[0].before(paragraph);
      paragraph.append(...run);
    } else {
      run.forEach((n) => n.remove());
    }
    run = [];
  };
  for (const node of nodes) {
    if (isBlock(node)) flush();
    else run.push(node);
  }
  flush();
}
