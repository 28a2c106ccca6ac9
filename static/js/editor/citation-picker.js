// The citation picker: a modal dialog, built like the package's own link and table
// dialogs (same classes, no inline style or script), with a combobox that filters the
// piece's references as one types (the ARIA 1.2 combobox with a listbox popup), the
// pinpoint, and the text before and after.
import { gettext } from "../../django_prose_editor/editor.js"

let dialogs = 0

function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(properties)) {
    if (value === null || value === undefined) continue
    if (/^(data-|aria-|role$|for$|autocomplete$|spellcheck$)/.test(name)) {
      node.setAttribute(name, value)
    } else {
      node[name] = value
    }
  }
  node.append(...children)
  return node
}

// Case and accents aside, so that "sanchez" finds "Sánchez".
const fold = (text) =>
  String(text || "")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()

// The formatted entry as the server sent it, rebuilt from a few harmless elements only
// (a link would be a second target inside the option; a style attribute breaks the policy).
const SHOWN = new Set(["i", "em", "b", "strong", "sup", "sub", "u"])

function entryFragment(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html")
  const copy = (source, target) => {
    for (const child of source.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) target.append(child.data)
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const name = child.localName
        const kept = SHOWN.has(name)
          ? document.createElement(name)
          : child.classList.contains("small-caps")
            ? element("span", { className: "small-caps" })
            : null
        if (kept) {
          copy(child, kept)
          target.append(kept)
        } else copy(child, target)
      }
    }
  }
  const fragment = document.createDocumentFragment()
  copy(parsed.body, fragment)
  return fragment
}

const LABELS = () => ({
  page: gettext("page"),
  paragraph: gettext("paragraph"),
  article: gettext("article"),
  section: gettext("section"),
  chapter: gettext("chapter"),
  footnote: gettext("footnote"),
})

/**
 * Resolves with {ref, label, locator, prefix, suffix}, or null when cancelled.
 * `list` resolves with {references: Map|null, failed}; `current` is the citation edited.
 */
export function openPicker({ host, list, hint, current = null }) {
  return new Promise((resolve) => {
    const id = `colophon-cite-${++dialogs}`
    const title = element("h3", {
      className: "prose-editor-dialog-title",
      id: `${id}-title`,
      textContent: current ? gettext("Change the citation") : gettext("Cite a reference"),
    })
    const search = element("input", {
      id: `${id}-search`,
      type: "text",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "true",
      "aria-controls": `${id}-list`,
      autocomplete: "off",
      spellcheck: "false",
      placeholder: gettext("Type part of an author or a title"),
    })
    const listbox = element("ul", {
      id: `${id}-list`,
      className: "colophon-cite__list",
      role: "listbox",
      "aria-label": gettext("References"),
    })
    const status = element("p", {
      className: "colophon-cite__status",
      id: `${id}-status`,
      "aria-live": "polite",
      textContent: gettext("Loading the references…"),
    })
    search.setAttribute("aria-describedby", status.id)
    const labels = LABELS()
    const label = element(
      "select",
      { id: `${id}-label`, name: "label" },
      Object.entries(labels).map(([value, text]) => element("option", { value, textContent: text })),
    )
    const locator = element("input", {
      id: `${id}-locator`,
      name: "locator",
      type: "text",
      autocomplete: "off",
      placeholder: gettext("e.g. 4 or 12–14"),
    })
    const prefix = element("input", {
      id: `${id}-prefix`,
      name: "prefix",
      type: "text",
      autocomplete: "off",
      placeholder: gettext("e.g. see"),
    })
    const suffix = element("input", {
      id: `${id}-suffix`,
      name: "suffix",
      type: "text",
      autocomplete: "off",
      placeholder: gettext("e.g. emphasis added"),
    })
    const field = (control, text, className = "") =>
      element("div", { className: `prose-editor-dialog-field ${className}`.trim() }, [
        element("label", { for: control.id, textContent: text }),
        control,
      ])
    const submit = element("button", {
      type: "submit",
      textContent: current ? gettext("Update") : gettext("Insert"),
    })
    const cancel = element("button", { type: "button", value: "cancel", textContent: gettext("Cancel") })
    const problem = element("p", { className: "colophon-cite__problem", role: "alert" })
    const form = element("form", { className: "colophon-cite" }, [
      title,
      field(search, gettext("Reference"), "colophon-cite__search"),
      listbox,
      status,
      element("fieldset", { className: "colophon-cite__pinpoint" }, [
        element("legend", { textContent: gettext("Pinpoint") }),
        element("div", { className: "colophon-cite__row" }, [
          field(label, gettext("Kind")),
          field(locator, gettext("Number or range")),
        ]),
      ]),
      element("div", { className: "colophon-cite__row" }, [
        field(prefix, gettext("Text before")),
        field(suffix, gettext("Text after")),
      ]),
      problem,
      element("div", { className: "prose-editor-dialog-buttons" }, [submit, cancel]),
    ])
    const dialog = element(
      "dialog",
      { className: "prose-editor-dialog colophon-cite-dialog", "aria-labelledby": title.id },
      [form],
    )
    const wrapper = element("div", {}, [dialog])

    let references = new Map()
    let shown = []
    let active = -1
    let chosen = current?.ref || null
    // Enter pressed before the list arrived takes the first match once it does.
    let arrived = false
    let chooseOnArrival = false

    if (current) {
      label.value = current.label || "page"
      locator.value = current.locator || ""
      prefix.value = current.prefix || ""
      suffix.value = current.suffix || ""
    }

    const optionId = (index) => `${id}-option-${index}`

    function draw() {
      const words = fold(search.value).split(/\s+/).filter(Boolean)
      const all = [...references.values()]
      // A search that is exactly the chosen entry's label shows every entry again.
      const chosenLabel = chosen && references.get(chosen)?.label
      const filtering = words.length && search.value.trim() !== chosenLabel
      shown = filtering
        ? all.filter((r) => {
            const haystack = fold(`${r.label} ${r.text}`)
            return words.every((word) => haystack.includes(word))
          })
        : all
      active = Math.min(active, shown.length - 1)
      listbox.replaceChildren(
        ...shown.map((reference, index) =>
          element(
            "li",
            {
              id: optionId(index),
              role: "option",
              className: `colophon-cite__option${reference.key === chosen ? " is-chosen" : ""}`,
              "aria-selected": String(index === active),
              "data-key": reference.key,
            },
            [
              element("span", { className: "colophon-cite__label", textContent: reference.label }),
              element("span", { className: "colophon-cite__entry" }, [entryFragment(reference.html)]),
            ],
          ),
        ),
      )
      if (active >= 0) search.setAttribute("aria-activedescendant", optionId(active))
      else search.removeAttribute("aria-activedescendant")
      listbox.hidden = shown.length === 0
      if (references.size && !shown.length) {
        status.textContent = gettext("No reference matches your search.")
      } else if (references.size) {
        status.textContent = chosen
          ? `${gettext("Chosen")}: ${references.get(chosen)?.label || gettext("[missing reference]")}`
          : gettext("Choose a reference: arrow keys and Enter, or click.")
      }
    }

    function activate(index) {
      if (!shown.length) return
      active = (index + shown.length) % shown.length
      draw()
      listbox.querySelector(`#${optionId(active)}`)?.scrollIntoView({ block: "nearest" })
    }

    function choose(index) {
      const reference = shown[index]
      if (!reference) return
      chosen = reference.key
      search.value = reference.label
      problem.textContent = ""
      active = shown.indexOf(reference)
      draw()
    }

    // The first match is the active option as one types, so Enter takes it.
    search.addEventListener("input", () => {
      active = 0
      draw()
    })
    search.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") activate(active + 1)
      else if (event.key === "ArrowUp") activate(active < 0 ? -1 : active - 1)
      else if (event.key === "Home" && event.altKey) activate(0)
      else if (event.key === "End" && event.altKey) activate(shown.length - 1)
      else if (event.key === "Enter" && !arrived) chooseOnArrival = true
      else if (event.key === "Enter" && active >= 0 && shown[active]?.key !== chosen) {
        choose(active)
      } else return
      event.preventDefault()
    })
    listbox.addEventListener("mousedown", (event) => event.preventDefault())
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]")
      if (!option) return
      choose(shown.findIndex((reference) => reference.key === option.dataset.key))
      search.focus()
    })

    let answer = null
    cancel.addEventListener("click", () => dialog.close())
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      if (!chosen || !references.has(chosen)) {
        problem.textContent = references.size
          ? gettext("Choose a reference from the list.")
          : hint || gettext("This piece has no references to cite yet.")
        search.focus()
        return
      }
      answer = {
        ref: chosen,
        label: label.value,
        locator: locator.value,
        prefix: prefix.value,
        suffix: suffix.value,
      }
      dialog.close()
    })
    dialog.addEventListener("close", () => {
      wrapper.remove()
      resolve(answer)
    })

    host.append(wrapper)
    dialog.showModal()
    search.focus()

    list.then(({ references: found, failed }) => {
      arrived = true
      if (!dialog.open) return
      if (failed || !found) {
        status.textContent = gettext("The references could not be loaded; try again later.")
        status.classList.add("colophon-cite__status--problem")
        return
      }
      references = found
      if (!references.size) {
        status.textContent = hint || gettext("This piece has no references to cite yet.")
        status.classList.add("colophon-cite__status--empty")
        search.disabled = true
        listbox.hidden = true
        return
      }
      if (chosen && !references.has(chosen)) {
        problem.textContent = gettext(
          "The reference this citation names is no longer in the bibliography: choose another.",
        )
        chosen = null
      }
      if (chosen) {
        active = [...references.keys()].indexOf(chosen)
      }
      draw()
      if (chooseOnArrival && search.value.trim() && shown.length) choose(Math.max(active, 0))
    })
  })
}
