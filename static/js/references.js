// The bibliography form (templates/bibliography/): show only the fields of each entry's
// type, with that type's labels; add, remove and reorder names and entries without a
// reload; and preview each entry as printed while it is typed. Without this script the
// form still works: every field shows with a hint, blank rows are ignored, and the
// formset's position and delete fields order and remove entries.
const gettext = window.gettext || ((text) => text)
const interpolate = window.interpolate || ((format, values) => format.replace("%s", values[0]))
const DELAY = 400
// Hints that only say which types a field is for: with the script, the label says it.
const TYPE_HINTS = ["container_title", "number", "authority", "publisher", "genre", "family", "literal", "text"]

function csrfToken(element) {
  const input = element.closest("form")?.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

function renumber(element, pattern, replacement) {
  for (const node of element.querySelectorAll("[name], [id], [for], [aria-describedby]")) {
    for (const attribute of ["name", "id", "for", "aria-describedby"]) {
      const value = node.getAttribute(attribute)
      if (value) node.setAttribute(attribute, value.replace(pattern, replacement))
    }
  }
}

class ReferenceEntry {
  constructor(group, element) {
    this.group = group
    this.element = element
    this.prefix = element.dataset.prefix
    this.rows = element.querySelector("[data-name-rows]")
    this.template = element.querySelector("template[data-name-template]")
    this.preview = element.querySelector("[data-preview]")
    this.previewErrors = element.querySelector("[data-preview-errors]")
    this.timer = null
    this.request = 0
    for (const node of element.querySelectorAll("[data-js-only]")) node.hidden = false
    for (const name of TYPE_HINTS) {
      for (const hint of element.querySelectorAll(`[data-ref-field$="${name}"] .ref-hint`)) hint.hidden = true
    }
    const position = element.querySelector("[data-position]")
    if (position) position.hidden = true
    const deletion = element.querySelector("[data-delete]")
    if (deletion) deletion.hidden = true
    this.typeSelect = element.querySelector(`select[name="${this.prefix}-type"]`)
    this.typeSelect?.addEventListener("change", () => this.applyType())
    element.addEventListener("click", (event) => this.onClick(event))
    element.addEventListener("input", () => this.schedulePreview())
    element.addEventListener("change", (event) => {
      if (event.target.matches("select[name$='-kind']")) this.applyKind(event.target.closest("[data-name-row]"))
      this.schedulePreview()
    })
    this.applyType()
    for (const row of this.nameRows()) this.applyKind(row)
    this.renumberNames()
  }

  field(name) {
    return this.element.querySelector(`[name="${this.prefix}-${name}"]`)
  }

  nameRows() {
    return [...this.rows.querySelectorAll(":scope > [data-name-row]")]
  }

  applyType() {
    const type = this.typeSelect?.value || "book"
    const config = this.group.types[type] || { fields: [], labels: {} }
    const free = type === "text"
    for (const block of this.element.querySelectorAll("[data-structured]")) block.hidden = free
    this.element.querySelector("[data-free-text]").hidden = !free
    for (const wrapper of this.element.querySelectorAll(".ref__details [data-ref-field]")) {
      const name = wrapper.dataset.refField
      wrapper.hidden = !config.fields.includes(name)
      const label = wrapper.querySelector("label")
      label.textContent = config.labels[name] || label.dataset.defaultLabel
    }
    for (const role of this.element.querySelectorAll("select[name$='-role']")) {
      // Only a book or a chapter has editors of its own in the form's terms.
      const editor = role.querySelector("option[value=editor]")
      if (editor) editor.textContent = type === "chapter" ? gettext("book editor") : gettext("editor")
    }
  }

  applyKind(row) {
    if (!row) return
    const organisation = row.querySelector("select[name$='-kind']")?.value === "organisation"
    for (const part of ["family", "given"]) {
      row.querySelector(`[data-ref-field$="-${part}"]`).hidden = organisation
    }
    row.querySelector('[data-ref-field$="-literal"]').hidden = !organisation
  }

  onClick(event) {
    const button = event.target.closest("button[data-name-action], button[data-ref-action]")
    if (!button || !this.element.contains(button) || button.closest("[data-reference]") !== this.element) return
    const name = button.dataset.nameAction
    const row = button.closest("[data-name-row]")
    if (name === "add") {
      this.addName()
    } else if (name === "remove") {
      row.remove()
      this.renumberNames()
      this.schedulePreview()
      this.nameRows()[0]?.querySelector("input:not([type=hidden]), select")?.focus()
    } else if (name === "up" || name === "down") {
      const sibling = name === "up" ? row.previousElementSibling : row.nextElementSibling
      if (!sibling) return
      if (name === "up") sibling.before(row)
      else sibling.after(row)
      this.renumberNames()
      button.focus()
      this.schedulePreview()
    } else if (button.dataset.refAction) {
      this.group.act(this, button.dataset.refAction, button)
    }
  }

  addName() {
    const index = this.nameRows().length
    const html = this.template.innerHTML.replaceAll("__name__", String(index))
    this.rows.insertAdjacentHTML("beforeend", html)
    const row = this.nameRows().at(-1)
    for (const node of row.querySelectorAll("[data-js-only]")) node.hidden = false
    for (const hint of row.querySelectorAll(".ref-hint")) hint.hidden = true
    this.applyKind(row)
    this.applyType()
    this.renumberNames()
    row.querySelector("select[name$='-role']")?.focus()
  }

  renumberNames() {
    this.nameRows().forEach((row, index) => {
      renumber(row, /name-(\d+|__name__)-/g, `name-${index}-`)
      const n = index + 1
      const label = (action) => row.querySelector(`button[data-name-action=${action}]`)
      label("up")?.setAttribute("aria-label", interpolate(gettext("Move name %s up"), [n]))
      label("down")?.setAttribute("aria-label", interpolate(gettext("Move name %s down"), [n]))
      const remove = label("remove")
      remove?.setAttribute("aria-label", interpolate(gettext("Remove name %s"), [n]))
      remove?.setAttribute("title", remove.getAttribute("aria-label"))
    })
  }

  setNumber(n) {
    const title = this.element.querySelector("[data-ref-number]")
    if (title) title.textContent = interpolate(gettext("Reference %s"), [n])
    const label = (action) => this.element.querySelector(`.ref__controls button[data-ref-action=${action}]`)
    label("up")?.setAttribute("aria-label", interpolate(gettext("Move reference %s up"), [n]))
    label("down")?.setAttribute("aria-label", interpolate(gettext("Move reference %s down"), [n]))
    label("remove")?.setAttribute("aria-label", interpolate(gettext("Remove reference %s"), [n]))
  }

  schedulePreview() {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.updatePreview(), DELAY)
  }

  async updatePreview() {
    if (!this.group.previewUrl) return
    const body = new URLSearchParams()
    for (const control of this.element.querySelectorAll("[name]")) {
      if (!control.name.startsWith(`${this.prefix}-`)) continue
      if ((control.type === "checkbox" || control.type === "radio") && !control.checked) continue
      body.append(control.name, control.value)
    }
    body.append("prefix", this.prefix)
    if (this.group.article) body.append("article", this.group.article)
    const request = ++this.request
    this.element.setAttribute("aria-busy", "true")
    let result
    try {
      const response = await fetch(this.group.previewUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(this.element), Accept: "application/json" },
      })
      result = await response.json()
    } catch {
      result = { html: "", errors: { __all__: [gettext("The preview is not available just now.")] } }
    }
    if (request !== this.request) return // a later preview is on its way
    this.element.removeAttribute("aria-busy")
    this.showPreview(result)
  }

  showPreview(result) {
    const errors = Object.entries(result.errors || {})
    this.previewErrors.replaceChildren()
    for (const control of this.element.querySelectorAll("[aria-invalid][data-previewed]")) {
      control.removeAttribute("aria-invalid")
      control.removeAttribute("data-previewed")
    }
    if (!errors.length) {
      // Made by the server from escaped text (articles.citations), like the saved preview.
      this.preview.innerHTML = result.html
      return
    }
    const list = document.createElement("ul")
    list.className = "errorlist"
    for (const [name, messages] of errors) {
      const control = this.field(name)
      const label = control ? this.element.querySelector(`label[for="${control.id}"]`)?.textContent : ""
      if (control && !control.hasAttribute("aria-invalid")) {
        control.setAttribute("aria-invalid", "true")
        control.dataset.previewed = ""
      }
      for (const message of messages) {
        const item = document.createElement("li")
        item.textContent = label ? `${label}: ${message}` : message
        list.append(item)
      }
    }
    this.previewErrors.append(list)
  }
}

class ReferenceGroup {
  constructor(element) {
    this.element = element
    this.prefix = element.dataset.formsetPrefix
    this.previewUrl = element.dataset.previewUrl
    this.article = element.dataset.article
    this.types = JSON.parse(element.dataset.types || "{}")
    this.list = element.querySelector("[data-reference-list]")
    this.total = element.querySelector(`input[name="${this.prefix}-TOTAL_FORMS"]`)
    this.entries = [...this.list.querySelectorAll(":scope > [data-reference]")].map(
      (node) => new ReferenceEntry(this, node),
    )
    for (const node of element.querySelectorAll(":scope > [data-js-only]")) node.hidden = false
    element.querySelector("button[data-ref-action=add]").addEventListener("click", () => this.add())
    for (const entry of this.entries) {
      if (entry.field("DELETE")?.checked) entry.element.querySelector("[data-delete]").hidden = false
    }
    this.renumber()
  }

  visible() {
    return [...this.list.querySelectorAll(":scope > [data-reference]:not([hidden])")]
  }

  add() {
    const index = Number(this.total.value)
    const template = this.element.querySelector("template[data-empty-form]")
    this.list.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)))
    this.total.value = String(index + 1)
    const node = this.list.lastElementChild
    this.entries.push(new ReferenceEntry(this, node))
    this.renumber()
    node.querySelector("select")?.focus()
  }

  act(entry, action, button) {
    const node = entry.element
    if (action === "remove") {
      const deletion = entry.field("DELETE")
      if (deletion) deletion.checked = true
      node.hidden = true
      this.renumber()
      this.element.querySelector("button[data-ref-action=add]").focus()
      return
    }
    const siblings = this.visible()
    const at = siblings.indexOf(node)
    const other = siblings[action === "up" ? at - 1 : at + 1]
    if (!other) return
    if (action === "up") other.before(node)
    else other.after(node)
    this.renumber(true)
    button.focus()
  }

  renumber(positions = false) {
    // Once an entry is moved, positions follow the order on the page. Until then they are
    // left as stored (a new entry's is blank: the server puts it last), so that saving
    // without moving anything changes no position.
    this.visible().forEach((node, index) => {
      const entry = this.entries.find((candidate) => candidate.element === node)
      const position = entry.field("position")
      if (position && positions) position.value = String(index)
      entry.setNumber(index + 1)
    })
  }
}

for (const element of document.querySelectorAll("[data-references]")) new ReferenceGroup(element)
