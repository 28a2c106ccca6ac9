// Colophon's rich-text editor: Tiptap (from django-prose-editor's bundle) with a schema
// that holds exactly what colophon.lib.sanitise.clean_html keeps, so that what the editor
// writes is already the stored canonical form. Loaded as a module from our own origin:
// no import map, no inline script or style (the admin's Content-Security-Policy).
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Extension,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  HorizontalRule,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Subscript,
  Superscript,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  Text,
  createMenuFromGroups,
  gettext,
  updateAttrsDialog,
} from "../../django_prose_editor/editor.js"
import { Citation } from "./citations.js"
import { BodyFigure } from "./figures.js"
import { Note } from "./notes.js"
import { cleanPastedHTML } from "./paste.js"

const SELECTOR = "textarea[data-rich-text]"

// Only the attributes the canonical form keeps; everything else the stock extensions
// know (list types, alignment, column widths, link targets and titles) is left out.
const CanonicalOrderedList = OrderedList.extend({
  addOptions() {
    return { ...this.parent?.(), enableListAttributes: false }
  },
  addAttributes() {
    return {
      start: {
        default: 1,
        parseHTML: (element) => {
          const start = Number.parseInt(element.getAttribute("start") || "1", 10)
          return Number.isFinite(start) ? start : 1
        },
        renderHTML: (attributes) => (attributes.start === 1 ? {} : { start: attributes.start }),
      },
    }
  },
  renderHTML({ HTMLAttributes }) {
    return ["ol", HTMLAttributes, 0]
  },
})

const spans = {
  colspan: { default: 1 },
  rowspan: { default: 1 },
}
const CanonicalTableCell = TableCell.extend({ addAttributes: () => spans })
const CanonicalTableHeader = TableHeader.extend({ addAttributes: () => spans })

// A link is its address only, so the dialog asks for nothing else.
const linkDialog = updateAttrsDialog(
  { href: { type: "string", title: gettext("Address (https://…, mailto:… or /en/…)") } },
  { title: gettext("Link") },
)

const CanonicalLink = Link.extend({
  addOptions() {
    return { ...this.parent?.(), enableTarget: false, autolink: false }
  },
  addAttributes() {
    return { href: { default: null, parseHTML: (element) => element.getAttribute("href") } }
  },
  // A paste keeps the links its source has and makes none of its own: Tiptap's link paste
  // rule turns any text that looks like an address into a link, and inside a note (an
  // inline node with text of its own) it measures from the wrong place, moving a pasted
  // note's link onto other words with another address.
  addPasteRules() {
    return []
  },
  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          if (editor.state.selection.empty && !editor.isActive("link")) return false
          linkDialog(editor, editor.getAttributes("link")).then((attrs) => {
            const href = attrs?.href?.trim()
            if (attrs === null || attrs === undefined) return
            const chain = editor.chain().focus().extendMarkRange("link")
            if (href) chain.setLink({ href }).run()
            else chain.unsetLink().run()
          })
          return true
        },
    }
  },
})

// Headings as the sanitiser maps them: the page title is the only <h1>, and the body's
// headings stop at <h4>.
const CanonicalHeading = Heading.extend({
  parseHTML() {
    return [
      { tag: "h1", attrs: { level: 2 } },
      { tag: "h2", attrs: { level: 2 } },
      { tag: "h3", attrs: { level: 3 } },
      { tag: "h4", attrs: { level: 4 } },
      { tag: "h5", attrs: { level: 4 } },
      { tag: "h6", attrs: { level: 4 } },
    ]
  },
}).configure({ levels: [2, 3, 4] })

// The body's top level also takes figures, which no other block may hold.
const BodyDocument = Document.extend({ content: "(block | topBlock)+" })

const Extras = Extension.create({
  name: "colophonExtras",
  addMenuItems({ menu, buttons }) {
    if (!this.editor.schema.nodes.heading) return
    menu.defineItem({
      name: "hardBreak",
      groups: "insert",
      command(editor) {
        editor.chain().focus().setHardBreak().run()
      },
      button: buttons.material("keyboard_return", gettext("Line break (Shift+Enter)")),
    })
  },
})

const GROUPS = {
  body: [
    { group: "blockType -lists" },
    { group: "lists" },
    { group: "nodes -blockType -lists -insert" },
    { group: "marks" },
    { group: "link" },
    { group: "insert" },
    { group: "table" },
    { group: "history" },
  ],
  short: [{ group: "marks" }, { group: "link" }, { group: "history" }],
}

function extensions(profile, figures, citations) {
  const common = [Paragraph, Text, HardBreak, Bold, Italic, CanonicalLink, History, Extras]
  if (profile === "short") return [Document, ...common]
  return [
    figures ? BodyDocument : Document,
    ...common,
    Dropcursor,
    Gapcursor,
    CanonicalHeading,
    BulletList,
    CanonicalOrderedList,
    ListItem,
    Blockquote,
    HorizontalRule,
    Superscript,
    Subscript,
    Table,
    TableRow,
    CanonicalTableHeader,
    CanonicalTableCell,
    Note,
    // Every body reads and writes citations; only a piece's offers to add them.
    Citation.configure(citations),
    ...(figures ? [BodyFigure] : []),
  ]
}

// An empty document is stored as an empty field, not as <p></p>.
const stored = (html) => (html === "<p></p>" ? "" : html)

// Buttons that switch a format on and off say whether it is on, for screen readers as
// well as by colour; every button says when it cannot be used here.
const TOGGLES = new Set([
  "paragraph", "heading2", "heading3", "heading4", "bulletList", "orderedList",
  "blockquote", "bold", "italic", "superscript", "subscript", "link",
])

// django-prose-editor labels its own buttons in English without gettext: they are labelled
// again here, by the same English words, so that the page's translation catalog
// (JavaScriptCatalog, loaded before this module) gives them the reader's language.
const STOCK_LABELS = {
  heading2: gettext("heading 2"),
  heading3: gettext("heading 3"),
  heading4: gettext("heading 4"),
  paragraph: gettext("paragraph"),
  bulletList: gettext("unordered list"),
  orderedList: gettext("ordered list"),
  blockquote: gettext("blockquote"),
  horizontalRule: gettext("horizontal rule"),
  bold: gettext("bold"),
  italic: gettext("italic"),
  subscript: gettext("subscript"),
  superscript: gettext("superscript"),
  link: gettext("insert link"),
  unlink: gettext("remove link"),
  table: gettext("Insert table"),
  "table:addColumnAfter": gettext("Add column"),
  "table:deleteColumn": gettext("Delete column"),
  "table:addRowAfter": gettext("Add row"),
  "table:deleteRow": gettext("Delete row"),
  "table:mergeCells": gettext("Merge cells"),
  "table:splitCell": gettext("Split cell"),
  "table:toggleHeaderCell": gettext("Toggle header cell"),
  "table:deleteTable": gettext("Delete table"),
  "history:undo": gettext("undo"),
  "history:redo": gettext("redo"),
}

function labelButtons(menu) {
  for (const button of menu.querySelectorAll("button[data-name]")) {
    const label = STOCK_LABELS[button.dataset.name]
    if (label === undefined) continue
    button.title = label
    button.setAttribute("aria-label", label)
  }
}

function describeButtons(menu) {
  for (const button of menu.querySelectorAll("button[data-name]")) {
    if (TOGGLES.has(button.dataset.name)) {
      button.setAttribute("aria-pressed", String(button.classList.contains("active")))
    }
    button.setAttribute("aria-disabled", String(button.classList.contains("disabled")))
  }
}

export function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const profile = textarea.dataset.richText === "short" ? "short" : "body"
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  const name = (label?.textContent || textarea.name).replace(/:\s*$/, "").trim()
  const disabled = textarea.disabled
  const element = document.createElement("div")
  element.className = `prose-editor colophon-editor colophon-editor--${profile}`
  textarea.before(element)
  element.append(textarea)

  const sync = (editor) => {
    textarea.value = stored(editor.getHTML())
    textarea.dispatchEvent(new Event("input", { bubbles: true }))
  }
  const editor = new Editor({
    element,
    editable: !disabled,
    // Tiptap's own stylesheet is in static/css/editor.css: an injected <style> element
    // would break the policy.
    injectCSS: false,
    extensions: [
      ...extensions(profile, textarea.dataset.figures !== "false", {
        url: textarea.dataset.citationsUrl || "",
        hint: textarea.dataset.citationsHint || "",
      }),
      Menu.configure({ items: createMenuFromGroups(GROUPS[profile]) }),
    ],
    content: textarea.value,
    editorProps: {
      transformPastedHTML: cleanPastedHTML,
      attributes: { "aria-label": name, "aria-multiline": "true" },
    },
    onUpdate: ({ editor }) => sync(editor),
  })

  // Tiptap builds the menu in its "create" event, a tick after the editor is made.
  editor.on("create", () => {
    const menu = editor.storage.menu.dom
    if (!menu) return
    menu.setAttribute("role", "toolbar")
    menu.setAttribute("aria-label", `${name}: ${gettext("formatting")}`)
    labelButtons(menu)
    describeButtons(menu)
    editor.on("transaction", () => describeButtons(menu))
  })
  // The field's label points at the hidden textarea: it focuses the editor instead.
  label?.addEventListener("click", (event) => {
    event.preventDefault()
    editor.commands.focus()
  })
  // Other scripts (and the tests) may ask for the textarea to be written now.
  textarea.addEventListener("colophon-editor:sync", () => sync(editor))
  textarea.colophonEditor = editor
  textarea.dataset.editorReady = "true"
  return editor
}

export function createEditors(root = document) {
  for (const textarea of root.querySelectorAll(SELECTOR)) {
    if (!textarea.id.includes("__prefix__")) createEditor(textarea)
  }
}

createEditors()
// Inline formsets add rows after the page has loaded.
document.addEventListener("formset:added", (event) => createEditors(event.target))
