// Body figures: <figure data-figure="N"></figure> at the top level of the body. The
// image, caption, alt text and credit belong to the piece's body figure number N (an
// inline formset on the same admin page); the body only says where it goes.
import { Node, gettext, updateAttrsDialog } from "../../django_prose_editor/editor.js"

const NUMBER = /^[1-9][0-9]{0,8}$/

// The body figures on this page: inputs named like `figures-0-number`, with a caption
// from an input of the same form whose name has "caption" in it (the first language).
export function pageFigures(root = document) {
  const figures = []
  for (const input of root.querySelectorAll('input[name^="figures-"][name$="-number"]')) {
    const prefix = input.name.slice(0, -"number".length)
    if (prefix.includes("__prefix__") || !NUMBER.test(input.value.trim())) continue
    const deleted = root.querySelector(`input[name="${prefix}DELETE"]`)
    if (deleted?.checked) continue
    const caption = [...root.querySelectorAll(`[name^="${prefix}"]`)].find(
      (field) => field.name.includes("caption") && field.value.trim(),
    )
    figures.push({ number: input.value.trim(), caption: caption ? caption.value.trim() : "" })
  }
  return figures
}

const label = ({ number, caption }) => (caption ? `${number} — ${caption}` : number)

async function askForFigure(editor, current) {
  const figures = pageFigures()
  const number = figures.length
    ? {
        title: gettext("Figure"),
        enum: figures.map(label),
        default: label(figures.find((f) => f.number === current) || figures[0]),
      }
    : { title: gettext("Figure number"), type: "number", format: "number", min: "1" }
  const answer = await updateAttrsDialog(
    { number: { ...number, required: true } },
    { title: gettext("Insert figure"), submitText: gettext("Insert") },
  )(editor, {})
  const value = answer && /^\s*([0-9]+)/.exec(String(answer.number))
  return value && NUMBER.test(value[1]) ? value[1] : null
}

class FigureView {
  constructor(node) {
    this.dom = document.createElement("div")
    this.dom.className = "colophon-figure"
    this.title = document.createElement("strong")
    this.caption = document.createElement("span")
    this.caption.className = "colophon-figure__caption"
    this.dom.append(this.title, " ", this.caption)
    this.update(node)
  }

  update(node) {
    if (node.type.name !== "bodyFigure") return false
    const number = String(node.attrs.number)
    const known = pageFigures().find((figure) => figure.number === number)
    this.title.textContent = `${gettext("Figure")} ${number}`
    // Without a figures formset on the page the caption is simply not known here.
    const missing = !known && pageHasFigures()
    this.caption.textContent = known
      ? known.caption
      : missing
        ? gettext("(no body figure with this number on this page)")
        : ""
    this.dom.classList.toggle("colophon-figure--unknown", missing)
    return true
  }

  ignoreMutation() {
    return true
  }
}

const pageHasFigures = () => Boolean(document.querySelector('input[name^="figures-"]'))

export const BodyFigure = Node.create({
  name: "bodyFigure",
  // Not "block": a figure sits at the top level of the body only (see Document below).
  group: "topBlock",
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      number: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-figure"),
        renderHTML: (attributes) => ({ "data-figure": attributes.number }),
      },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure[data-figure]",
        getAttrs: (element) => NUMBER.test(element.getAttribute("data-figure")) && null,
      },
    ]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    return ({ node }) => new FigureView(node)
  },

  addCommands() {
    return {
      insertBodyFigure:
        (number) =>
        ({ tr, dispatch }) => {
          const type = tr.doc.type.schema.nodes.bodyFigure
          const { $from } = tr.selection
          // Only between top-level blocks: after the block the cursor is in.
          const index = $from.depth ? $from.indexAfter(0) : $from.index(0)
          if (!type || !tr.doc.canReplaceWith(index, index, type)) return false
          if (dispatch) {
            const pos = $from.depth ? $from.after(1) : $from.pos
            tr.insert(pos, type.create({ number })).scrollIntoView()
          }
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "bodyFigure",
      groups: "insert",
      command(editor) {
        askForFigure(editor, null).then((number) => {
          if (number) editor.chain().focus().insertBodyFigure(number).run()
        })
      },
      enabled(editor) {
        return editor.can().insertBodyFigure("1")
      },
      button: buttons.material("image", gettext("Figure")),
    })
  },
})
