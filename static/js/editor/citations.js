// Citations: an inline atom that names one of the piece's references by its key, stored
// as <cite data-ref="KEY" data-label="page" data-locator="4" data-prefix="see"
// data-suffix="emphasis added"></cite> (colophon/lib/canonical.py writes the same form).
// It may stand in the running text or in a note, whose own editor (notes.js) shows it
// through citationNodeViews and inserts it through citeIn.
import { Node, gettext, pm } from "../../django_prose_editor/editor.js"
import { openPicker } from "./citation-picker.js"

const { NodeSelection } = pm.state

export const LOCATOR_LABELS = ["page", "paragraph", "article", "section", "chapter", "footnote"]
const KEY = /^[a-z0-9][a-z0-9-]{0,31}$/
const TEXT_MAX = 200

// Whitespace collapsed and capped as the server stores it (code points, as Python counts).
export const tidy = (value) =>
  Array.from(String(value ?? "").split(/\s+/).filter(Boolean).join(" "))
    .slice(0, TEXT_MAX)
    .join("")

/** The node's attributes from a <cite> or from the picker, in the canonical shape. */
export function citationAttrs({ ref, label, locator, prefix, suffix }) {
  const pinpoint = tidy(locator)
  return {
    ref,
    label: pinpoint ? (LOCATOR_LABELS.includes(label) ? label : "page") : null,
    locator: pinpoint || null,
    prefix: tidy(prefix) || null,
    suffix: tidy(suffix) || null,
  }
}

// The references of each list URL, fetched once per page and again when the picker opens.
const lists = new Map()
const watchers = new Set()

export function citableReferences(url, { fresh = false } = {}) {
  if (!url) return Promise.resolve(null)
  if (fresh || !lists.has(url)) {
    const request = fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${url}`)
        return response.json()
      })
      .then((data) => new Map(data.references.map((reference) => [reference.key, reference])))
    lists.set(url, request)
    // A list that failed is asked for again next time.
    request.catch(() => lists.delete(url))
  }
  return lists.get(url)
}

// The lists that have arrived, which chips read as they draw.
const loaded = new Map()

function arrived(url, references) {
  loaded.set(url, references)
  for (const watcher of watchers) watcher()
  return references
}

/** Calls back whenever a list arrives (chips redraw their labels); returns the unwatch. */
export function watchCitations(callback) {
  watchers.add(callback)
  return () => watchers.delete(callback)
}

const settingsOf = (editor) => editor.storage.citation || {}

// Short pinpoint labels, as the chip shows them ("Varga 2019, p 4").
const pgettext = (context, text) => (window.pgettext ? window.pgettext(context, text) : text)
const SHORT = {
  page: () => pgettext("pinpoint", "p"),
  paragraph: () => pgettext("pinpoint", "para"),
  article: () => pgettext("pinpoint", "art"),
  section: () => pgettext("pinpoint", "s"),
  chapter: () => pgettext("pinpoint", "ch"),
  footnote: () => pgettext("pinpoint", "n"),
}

/** The chip's text and the entry it names (null while the list is not known). */
export function describe(attrs, references) {
  let label = attrs.ref
  let reference = null
  let missing = false
  if (references) {
    reference = references.get(attrs.ref) || null
    missing = !reference
    label = reference ? reference.label : gettext("[missing reference]")
  }
  const parts = [attrs.prefix, label].filter(Boolean).join(" ")
  const short = SHORT[attrs.label] || SHORT.page
  const pinpoint = attrs.locator ? `, ${short()} ${attrs.locator}` : ""
  const suffix = attrs.suffix ? `, ${attrs.suffix}` : ""
  return { text: `${parts}${pinpoint}${suffix}`, reference, missing }
}

/** A chip as the note's closed preview shows it (not edited there). */
export function chipElement(attrs, references) {
  const chip = document.createElement("span")
  chip.className = "colophon-citation"
  fillChip(chip, attrs, references)
  return chip
}

function fillChip(chip, attrs, references) {
  const { text, reference, missing } = describe(attrs, references)
  const hidden = document.createElement("span")
  hidden.className = "colophon-citation__label"
  hidden.textContent = `${gettext("Citation")}: `
  const shown = document.createElement("span")
  shown.className = "colophon-citation__text"
  shown.textContent = text
  chip.replaceChildren(hidden, shown)
  chip.classList.toggle("colophon-citation--missing", missing)
  if (reference) chip.title = reference.text
  else chip.removeAttribute("title")
}

/** The <cite> elements of a rendered fragment, each shown as a chip. */
export function showChips(root, editor) {
  const url = settingsOf(editor).url
  const references = url ? loaded.get(url) : null
  for (const cite of root.querySelectorAll("cite[data-ref]")) {
    const attrs = citationAttrs({
      ref: cite.getAttribute("data-ref"),
      label: cite.getAttribute("data-label"),
      locator: cite.getAttribute("data-locator"),
      prefix: cite.getAttribute("data-prefix"),
      suffix: cite.getAttribute("data-suffix"),
    })
    cite.replaceWith(chipElement(attrs, references))
  }
}

class CitationView {
  constructor(node, view, getPos, editor) {
    this.node = node
    this.view = view
    this.getPos = getPos
    this.editor = editor
    this.dom = document.createElement("span")
    this.dom.className = "colophon-citation"
    this.render()
    this.unwatch = watchCitations(() => this.render())
    // A click on the chip selects it and opens the picker to change it.
    this.dom.addEventListener("mousedown", (event) => {
      if (!this.view.editable || event.button !== 0) return
      event.preventDefault()
      const pos = this.getPos()
      if (pos === undefined) return
      const { state } = this.view
      this.view.dispatch(state.tr.setSelection(NodeSelection.create(state.doc, pos)))
      editCitation(this.editor, this.view)
    })
  }

  render() {
    const url = settingsOf(this.editor).url
    fillChip(this.dom, this.node.attrs, url ? loaded.get(url) : null)
  }

  update(node) {
    if (node.type !== this.node.type) return false
    this.node = node
    this.render()
    return true
  }

  selectNode() {
    this.dom.classList.add("ProseMirror-selectednode")
  }

  deselectNode() {
    this.dom.classList.remove("ProseMirror-selectednode")
  }

  stopEvent(event) {
    return event.type === "mousedown"
  }

  ignoreMutation() {
    return true
  }

  destroy() {
    this.unwatch()
  }
}

/** Node views for a note's own editor, whose chips behave as in the body. */
export const citationNodeViews = (editor) => ({
  citation: (node, view, getPos) => new CitationView(node, view, getPos, editor),
})

function freshList(url) {
  return citableReferences(url, { fresh: true }).then(
    (references) => ({ references: arrived(url, references) }),
    () => ({ references: null, failed: true }),
  )
}

/** Opens the picker for a new citation at `view`'s selection (the body or a note). */
export function citeIn(editor, view) {
  const { url, hint } = settingsOf(editor)
  if (!url || !view.editable) return false
  const selected = view.state.selection.node
  if (selected?.type.name === "citation") return editCitation(editor, view)
  const type = view.state.schema.nodes.citation
  const { $from, $to } = view.state.selection
  if (!$from.parent.canReplaceWith($from.index(), $to.index(), type)) return false
  const bookmark = view.state.selection.getBookmark()
  // Marks switched on just before (Ctrl-I, then cite) apply to the citation too.
  const marks = view.state.storedMarks
  openPicker({ host: editor.view.dom.parentElement, list: freshList(url), hint }).then(
    (attrs) => {
      if (attrs) {
        const { state } = view
        const tr = state.tr.setSelection(bookmark.resolve(state.doc))
        if (marks) tr.setStoredMarks(marks)
        view.dispatch(tr.replaceSelectionWith(type.create(citationAttrs(attrs))).scrollIntoView())
      }
      view.focus()
    },
  )
  return true
}

/** Opens the picker on the citation selected in `view`, to change or keep it. */
export function editCitation(editor, view) {
  const { url, hint } = settingsOf(editor)
  const node = view.state.selection.node
  if (!url || !view.editable || node?.type.name !== "citation") return false
  const pos = view.state.selection.from
  openPicker({ host: editor.view.dom.parentElement, list: freshList(url), hint, current: node.attrs })
    .then((attrs) => {
      const { state } = view
      if (attrs && state.doc.nodeAt(pos)?.type.name === "citation") {
        const tr = state.tr.setNodeMarkup(pos, null, citationAttrs(attrs))
        view.dispatch(tr.setSelection(NodeSelection.create(tr.doc, pos)))
      }
      view.focus()
    })
  return true
}

// Where a new citation goes: into the note open for editing, or at the body's cursor.
function targetView(editor) {
  const { selection } = editor.state
  if (selection.node?.type.name === "note") {
    const inner = editor.view.nodeDOM(selection.from)?.noteView?.innerView
    if (inner) return inner
  }
  return editor.view
}

// Read and written by the node's own parse rule and renderHTML, in the canonical shape
// (Tiptap would otherwise take each attribute as it stands, over the rule's).
const attribute = { default: null, rendered: false, parseHTML: () => null }

export const Citation = Node.create({
  name: "citation",
  // Before the list item's own Enter, which would split the item around a selected chip.
  priority: 110,
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,

  addOptions() {
    return { url: "", hint: "" }
  },

  addStorage() {
    return { url: this.options.url, hint: this.options.hint }
  },

  addAttributes() {
    return {
      ref: attribute,
      label: attribute,
      locator: attribute,
      prefix: attribute,
      suffix: attribute,
    }
  },

  parseHTML() {
    return [
      {
        tag: "cite[data-ref]",
        getAttrs: (element) => {
          const ref = (element.getAttribute("data-ref") || "").trim()
          if (!KEY.test(ref)) return false
          return citationAttrs({
            ref,
            label: (element.getAttribute("data-label") || "").trim(),
            locator: element.getAttribute("data-locator"),
            prefix: element.getAttribute("data-prefix"),
            suffix: element.getAttribute("data-suffix"),
          })
        },
      },
    ]
  },

  // The stored order, empty attributes left out, the label only with a locator.
  renderHTML({ node }) {
    const { ref, label, locator, prefix, suffix } = node.attrs
    const attrs = { "data-ref": ref }
    if (locator) {
      attrs["data-label"] = label || "page"
      attrs["data-locator"] = locator
    }
    if (prefix) attrs["data-prefix"] = prefix
    if (suffix) attrs["data-suffix"] = suffix
    return ["cite", attrs]
  },

  addNodeView() {
    return ({ node, editor, getPos }) => new CitationView(node, editor.view, getPos, editor)
  },

  onCreate() {
    // Labels for the chips of the stored text, before anyone opens the picker.
    const { url } = this.storage
    if (url) citableReferences(url).then((references) => arrived(url, references), () => {})
  },

  addKeyboardShortcuts() {
    return {
      "Mod-Alt-c": ({ editor }) => citeIn(editor, targetView(editor)),
      // Enter on a selected citation changes it, as a click on it does.
      Enter: ({ editor }) => editCitation(editor, editor.view),
    }
  },

  addMenuItems({ menu, buttons }) {
    if (!this.options.url) return
    menu.defineItem({
      name: "citation",
      groups: "insert",
      command(editor) {
        citeIn(editor, targetView(editor))
      },
      enabled(editor) {
        return editor.isEditable
      },
      button: buttons.material("menu_book", gettext("Cite (Ctrl+Alt+C)")),
    })
  },
})
