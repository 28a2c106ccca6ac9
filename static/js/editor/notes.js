// Footnotes: an inline atom whose text is edited in place by a nested editor, after
// ProseMirror's footnote example (prosemirror.net/examples/footnote). Stored as
// <span data-note="">text</span> exactly where the note is called; numbers are not
// stored but drawn by CSS counters, so moving or deleting a note renumbers the rest.
import { Node, gettext, pm } from "../../django_prose_editor/editor.js"
import { citationNodeViews, citeIn, editCitation, showChips, watchCitations } from "./citations.js"

const { EditorState, NodeSelection, TextSelection } = pm.state
const { EditorView } = pm.view
const { StepMap } = pm.transform
const { keymap } = pm.keymap
const { baseKeymap, toggleMark } = pm.commands
const { undo, redo } = pm.history
const { DOMSerializer } = pm.model

// Set by the insert command: the note it inserts opens with the cursor in its text.
let focusNextNote = false

class NoteView {
  constructor(node, editor, getPos) {
    this.node = node
    this.editor = editor
    this.outerView = editor.view
    this.getPos = getPos
    this.innerView = null
    this.dom = document.createElement("span")
    this.dom.className = "colophon-note"
    this.dom.noteView = this
    // What a screen reader says before the note's text; the number is a CSS counter.
    const label = document.createElement("span")
    label.className = "colophon-note__label"
    label.textContent = `${gettext("Note")}: `
    this.preview = document.createElement("span")
    this.preview.className = "colophon-note__text"
    this.dom.append(label, this.preview)
    this.renderPreview()
    // Citations in the closed note show their labels once the list has arrived.
    this.unwatch = watchCitations(() => {
      if (!this.innerView) this.renderPreview()
    })
    // A click on the number (or the preview) opens the note for editing.
    this.dom.addEventListener("mousedown", (event) => {
      if (this.innerView?.dom.contains(event.target)) return
      event.preventDefault()
      this.select()
      this.focusInner()
    })
  }

  renderPreview() {
    const serializer = DOMSerializer.fromSchema(this.node.type.schema)
    this.preview.replaceChildren(serializer.serializeFragment(this.node.content))
    showChips(this.preview, this.editor)
    this.dom.classList.toggle("colophon-note--empty", this.node.content.size === 0)
  }

  select() {
    const pos = this.getPos()
    if (pos === undefined) return
    const { state } = this.outerView
    this.outerView.dispatch(state.tr.setSelection(NodeSelection.create(state.doc, pos)))
  }

  selectNode() {
    this.dom.classList.add("ProseMirror-selectednode")
    if (!this.innerView) this.open()
  }

  deselectNode() {
    this.dom.classList.remove("ProseMirror-selectednode")
    if (this.innerView) this.close()
  }

  open() {
    const mount = document.createElement("span")
    mount.className = "colophon-note__editor"
    this.preview.replaceWith(mount)
    const marks = this.node.type.schema.marks
    const markKey = (name) => (marks[name] ? toggleMark(marks[name]) : () => false)
    const hardBreak = this.node.type.schema.nodes.hardBreak
    this.innerView = new EditorView(
      { mount },
      {
        state: EditorState.create({
          doc: this.node,
          plugins: [
            keymap({
              "Mod-z": () => undo(this.outerView.state, this.outerView.dispatch),
              "Mod-y": () => redo(this.outerView.state, this.outerView.dispatch),
              "Mod-Shift-z": () => redo(this.outerView.state, this.outerView.dispatch),
              "Mod-b": markKey("bold"),
              "Mod-i": markKey("italic"),
              "Mod-,": markKey("subscript"),
              "Mod-.": markKey("superscript"),
              "Shift-Enter": (state, dispatch) => {
                dispatch?.(state.tr.replaceSelectionWith(hardBreak.create()).scrollIntoView())
                return true
              },
              "Mod-Alt-c": () => citeIn(this.editor, this.innerView),
              // A note is one run of text: Enter and Escape go back to the body text
              // (Enter on a selected citation changes it instead).
              Enter: () => editCitation(this.editor, this.innerView) || this.leave(),
              Escape: () => this.leave(),
            }),
            keymap(baseKeymap),
          ],
        }),
        dispatchTransaction: (tr) => this.dispatchInner(tr),
        nodeViews: citationNodeViews(this.editor),
        attributes: {
          role: "textbox",
          "aria-label": gettext("Note text"),
          class: "colophon-note__input",
        },
        handleDOMEvents: {
          mousedown: () => {
            // Keep the note selected in the outer editor while its text is edited.
            if (this.outerView.hasFocus()) this.innerView.focus()
          },
        },
      },
    )
    if (focusNextNote) {
      focusNextNote = false
      this.focusInner()
    }
  }

  // After the outer editor has finished drawing its selection, which would otherwise
  // take the browser's selection back out of the note.
  focusInner() {
    setTimeout(() => {
      if (!this.innerView) return
      const { state } = this.innerView
      const end = TextSelection.create(state.doc, state.doc.content.size)
      this.innerView.dispatch(state.tr.setSelection(end))
      this.innerView.focus()
    }, 0)
  }

  close() {
    const mount = this.innerView.dom
    this.innerView.destroy()
    this.innerView = null
    mount.replaceWith(this.preview)
    this.renderPreview()
  }

  // Back to the body text, with the cursor just after the note's number.
  leave() {
    const pos = this.getPos()
    if (pos === undefined) return true
    const { state } = this.outerView
    const after = pos + this.node.nodeSize
    this.outerView.dispatch(state.tr.setSelection(TextSelection.create(state.doc, after)))
    this.outerView.focus()
    return true
  }

  dispatchInner(tr) {
    const { state, transactions } = this.innerView.state.applyTransaction(tr)
    this.innerView.updateState(state)
    if (!tr.getMeta("fromOutside")) {
      const outerTr = this.outerView.state.tr
      const offsetMap = StepMap.offset(this.getPos() + 1)
      for (const transaction of transactions) {
        for (const step of transaction.steps) outerTr.step(step.map(offsetMap))
      }
      if (outerTr.docChanged) this.outerView.dispatch(outerTr)
    }
  }

  update(node) {
    if (!node.sameMarkup(this.node)) return false
    this.node = node
    if (this.innerView) {
      const { state } = this.innerView
      const start = node.content.findDiffStart(state.doc.content)
      if (start != null) {
        let { a: endA, b: endB } = node.content.findDiffEnd(state.doc.content)
        const overlap = start - Math.min(endA, endB)
        if (overlap > 0) {
          endA += overlap
          endB += overlap
        }
        this.innerView.dispatch(
          state.tr.replace(start, endB, node.slice(start, endA)).setMeta("fromOutside", true),
        )
      }
    } else {
      this.renderPreview()
    }
    return true
  }

  destroy() {
    this.unwatch()
    if (this.innerView) this.close()
  }

  stopEvent(event) {
    return Boolean(this.innerView?.dom.contains(event.target))
  }

  ignoreMutation() {
    return true
  }
}

export const Note = Node.create({
  name: "note",
  // Before the list item's own Enter, which would split the item around a selected note.
  priority: 110,
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  content: "(text | hardBreak | citation)*",
  marks: "bold italic link superscript subscript",

  parseHTML() {
    // Only the note's own inline content: a note inside a note is flattened to text.
    return [{ tag: "span[data-note]", priority: 60 }]
  },

  renderHTML() {
    return ["span", { "data-note": "" }, 0]
  },

  addNodeView() {
    return ({ node, editor, getPos }) => new NoteView(node, editor, getPos)
  },

  addCommands() {
    return {
      insertNote:
        () =>
        ({ tr, dispatch }) => {
          const type = tr.doc.type.schema.nodes.note
          const { $from, $to } = tr.selection
          if (!$from.parent.canReplaceWith($from.index(), $to.index(), type)) return false
          if (dispatch) {
            // No marks from the text around: a note's text has its own.
            const note = type.create()
            focusNextNote = true
            tr.replaceSelectionWith(note, false)
            // Selected, the note opens its own editor for its text.
            tr.setSelection(NodeSelection.create(tr.doc, tr.selection.from - note.nodeSize))
            tr.scrollIntoView()
          }
          return true
        },
    }
  },

  addKeyboardShortcuts() {
    return {
      "Mod-Alt-f": () => this.editor.commands.insertNote(),
      // Enter on a selected note goes into its text.
      Enter: ({ editor }) => {
        const { selection } = editor.state
        if (selection.node?.type.name !== this.name) return false
        editor.view.nodeDOM(selection.from)?.noteView?.focusInner()
        return true
      },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "note",
      groups: "insert",
      command(editor) {
        editor.chain().focus().insertNote().run()
      },
      enabled(editor) {
        return editor.can().insertNote()
      },
      button: buttons.material("sticky_note_2", gettext("Footnote (Ctrl+Alt+F)")),
    })
  },
})
