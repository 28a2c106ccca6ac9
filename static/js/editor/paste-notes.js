// Footnotes and endnotes from any word processor, recognised by one rule rather than by
// each tool's class names (the server applies the same rule to imported HTML):
// a link <a href="#T"> is a note call when the element T (by id or name) holds, or sits
// inside, a note that links back (href="#…") to the call's own id or name, or to that
// of the <sup>/<span> wrapping it. The call becomes <span data-note="">…</span> holding
// the note's text without its back-link or label; the emptied notes list goes.

const WRAPPERS = new Set(["sup", "span"]);

function fragmentOf(link) {
  const href = link.getAttribute("href") || "";
  if (!href.startsWith("#") || href.length < 2) return "";
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}

function keysOf(element) {
  return [element.id, element.getAttribute("name")].filter(Boolean);
}

/** The ids and names that a back-link may point at for this call. */
function callKeys(call) {
  const keys = new Set(keysOf(call));
  for (const inner of call.querySelectorAll("[id], [name]")) {
    keysOf(inner).forEach((k) => keys.add(k));
  }
  let wrapper = call.parentElement;
  for (let depth = 0; wrapper && WRAPPERS.has(wrapper.localName) && depth < 3; depth++) {
    keysOf(wrapper).forEach((k) => keys.add(k));
    wrapper = wrapper.parentElement;
  }
  return keys;
}

function backLinks(element, keys) {
  const links = [...element.querySelectorAll('a[href^="#"]')];
  if (element.matches('a[href^="#"]')) links.unshift(element);
  return links.filter((link) => keys.has(fragmentOf(link)));
}

function textWithout(element, links) {
  let text = "";
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!links.some((link) => link.contains(node))) text += node.data;
  }
  return text.replace(/[\s\u00a0]+/g, "");
}

/** The element that is the note for this call, or null when the rule does not hold:
 * the nearest element at or around the target that has a back-link to the call and
 * text of its own; when that is one paragraph of a wrapper holding only this note's
 * paragraphs (a note of several paragraphs), the wrapper. */
function noteFor(target, keys, call, root) {
  let note = target;
  while (note && note !== root && !note.contains(call)) {
    const links = backLinks(note, keys);
    if (links.length && textWithout(note, links)) break;
    note = note.parentElement;
  }
  if (!note || note === root || note.contains(call)) return null;
  const wrapper = note.parentElement;
  if (
    note.localName === "p" &&
    wrapper &&
    wrapper !== root &&
    !wrapper.contains(call) &&
    [...wrapper.children].every((child) => child.localName === "p") &&
    [...wrapper.querySelectorAll('a[href^="#"]')].every((link) => keys.has(fragmentOf(link)))
  ) {
    return wrapper;
  }
  return note;
}

/** The call with the <sup>/<span> that holds nothing but it. */
function outerCall(call) {
  let outer = call;
  const own = call.textContent.trim();
  while (
    outer.parentElement &&
    WRAPPERS.has(outer.parentElement.localName) &&
    outer.parentElement.textContent.trim() === own
  ) {
    outer = outer.parentElement;
  }
  return outer;
}

function isBlank(element) {
  return !element.textContent.replace(/[\s\u00a0]+/g, "");
}

function isBlankNode(node) {
  return node.nodeType === Node.TEXT_NODE ? !node.data.replace(/[\s\u00a0]+/g, "") : isBlank(node);
}

const INLINE = new Set(["sup", "span", "a", "strong", "em", "b", "i", "font", "u"]);
const bare = (text) => text.replace(/[\s\u00a0[\]().]+/g, "");

/** A note that repeats its number in an element of its own ("<sup>1</sup> Text") loses
 * it: the number is the call's own label. Plain leading text is never cut ("1998 was"). */
function dropLeadingLabel(content, label) {
  if (!bare(label)) return;
  const walker = content.ownerDocument.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !bare(node.data)) node = walker.nextNode();
  let element = node?.parentElement;
  if (!element || element === content || !INLINE.has(element.localName)) return;
  while (
    element.parentElement !== content &&
    INLINE.has(element.parentElement.localName) &&
    bare(element.parentElement.textContent) === bare(element.textContent)
  ) {
    element = element.parentElement;
  }
  if (bare(element.textContent) === bare(label)) element.remove();
}

/** Replaces every note call under root by <span data-note=""> with the note's content
 * (still raw: paste.js flattens it to inline text and cleans it with the rest). */
export function inlineNotes(root) {
  const named = new Map();
  for (const element of root.querySelectorAll("[id], a[name]")) {
    for (const key of keysOf(element)) if (!named.has(key)) named.set(key, element);
  }
  const notes = [];
  // Document order decides which end of a two-way link is the call: the first one met.
  for (const call of root.querySelectorAll('a[href^="#"]')) {
    if (notes.some((n) => n.note.contains(call))) continue; // a back-link of a note found
    const target = named.get(fragmentOf(call));
    if (!target || call.contains(target)) continue;
    const keys = callKeys(call);
    const note = noteFor(target, keys, call, root);
    if (!note || notes.some((n) => n.note === note || n.note.contains(note))) continue;
    notes.push({ call, note, keys });
  }
  const doc = root.ownerDocument;
  for (const { call, note, keys } of notes) {
    const content = note.cloneNode(true);
    for (const link of backLinks(content, keys)) link.remove();
    dropLeadingLabel(content, call.textContent);
    const span = doc.createElement("span");
    span.setAttribute("data-note", "");
    span.append(content);
    outerCall(call).replaceWith(span);
  }
  const rules = new Set();
  for (const { note } of notes) {
    let gone = note;
    while (gone.parentElement && gone.parentElement !== root) {
      const parent = gone.parentElement;
      const rest = [...parent.childNodes].filter((n) => n !== gone);
      if (rest.some((n) => n.nodeType !== Node.COMMENT_NODE && !isBlankNode(n))) break;
      gone = parent;
    }
    if (gone.previousElementSibling?.localName === "hr") rules.add(gone.previousElementSibling);
    gone.remove();
  }
  // A rule that separated the notes from the text, now followed by nothing.
  for (const rule of rules) {
    let next = rule.nextSibling;
    while (next && (next.nodeType !== Node.ELEMENT_NODE || isBlank(next)) && !hasRule(next)) {
      next = next.nextSibling;
    }
    if (!next) rule.remove();
  }
}

function hasRule(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  return node.localName === "hr" || !!node.querySelector("hr");
}
