// Pasted HTML on its way into the editor. A placeholder that passes it through unchanged.
export function cleanPastedHTML(html) {
  return html
}
