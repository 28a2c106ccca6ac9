"""WordPress's automatic paragraphs (wpautop) for classic-editor content.

The classic editor stores text as typed: a blank line separates paragraphs and a single
newline is a line break. WordPress adds the markup only when it displays a post, so an
export holds the bare text. This gives it the same paragraphs WordPress showed readers:
none inside or around block-level elements, nothing touched inside <pre>, <script>,
<style> or <svg>, and shortcodes that stand on a line of their own left unwrapped (they
expand into blocks of their own). The "more" and "next page" markers are removed.
"""

import re

# The elements WordPress treats as blocks: never wrapped in a paragraph.
BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|"
    "form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|"
    "article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
_ALL_BLOCKS = f"(?:{BLOCKS})"

_MARKERS = re.compile(r"<!--\s*(?:more|nextpage)\b.*?-->", re.IGNORECASE | re.DOTALL)
# An element or a comment, as WordPress splits HTML from text (comments may hold ">").
_TAG = re.compile(r"<(?:!--(?:-(?!->)|[^-])*(?:-->)?|[^>]*>?)")
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
_RAW_OPEN = re.compile(r"<(script|style|svg)\b", re.IGNORECASE)
_NEWLINE_KEEP = "<WPPreserveNewline />"
_NEWLINE_IN_TAG = " <!-- wpnl --> "


def remove_markers(text: str) -> str:
    """`text` without `<!--more-->` and `<!--nextpage-->` (reading and paging marks)."""
    return _MARKERS.sub("", text)


def autop(text: str, *, shortcodes: tuple[str, ...] = ()) -> str:
    """`text` with paragraphs and line breaks, as WordPress displays classic content.

    `shortcodes` are the tags that, standing alone in a paragraph, are left unwrapped.
    """
    text = remove_markers(text)
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"

    # <pre> is set aside whole and put back at the end.
    kept: dict[str, str] = {}

    def keep(match: re.Match[str]) -> str:
        name = f"<pre wp-pre-tag-{len(kept)}></pre>"
        kept[name] = match.group(0)
        return name

    # Only up to the last "</pre>": an unclosed "<pre" after it would be looked for to
    # the end of the text, once for each.
    cut = text.rfind("</pre>") + len("</pre>") if "</pre>" in text else 0
    text = _PRE.sub(keep, text[:cut]) + text[cut:]
    # Two breaks in a row are a paragraph break.
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    # Blocks stand apart from the text around them.
    text = re.sub(rf"(<{_ALL_BLOCKS}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{_ALL_BLOCKS}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.IGNORECASE)
    # Newlines inside a tag (between attributes) are not line breaks.
    text = _TAG.sub(lambda m: m.group(0).replace("\n", _NEWLINE_IN_TAG), text)
    text = _collapse_inside_media(text)
    text = re.sub(r"\n\n+", "\n\n", text)

    pieces = [piece for piece in re.split(r"\n\s*\n", text) if piece]
    text = "".join(f"<p>{piece.strip(chr(10))}</p>\n" for piece in pieces)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)

    text = _keep_raw_newlines(text)
    text = re.sub(r"<br\s*/?>", "<br />", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = text.replace(_NEWLINE_KEEP, "\n")
    text = re.sub(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)",
        r"\1",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\n</p>$", "</p>", text)

    for name, original in kept.items():
        text = text.replace(name, original)
    text = text.replace(_NEWLINE_IN_TAG, "\n").replace(_NEWLINE_IN_TAG.strip(), "\n")
    if shortcodes:
        text = _unwrap_shortcodes(text, shortcodes)
    return text


def _keep_raw_newlines(text: str) -> str:
    # Newlines inside <script>, <style> and <svg> are not line breaks.
    out = []
    position = 0
    lowered = text.lower()
    while (match := _RAW_OPEN.search(text, position)) is not None:
        end = lowered.find(f"</{match.group(1).lower()}>", match.end())
        if end < 0:
            break
        end += len(match.group(1)) + 3
        out.append(text[position : match.start()])
        out.append(text[match.start() : end].replace("\n", _NEWLINE_KEEP))
        position = end
    out.append(text[position:])
    return "".join(out)


def _collapse_inside_media(text: str) -> str:
    # Whitespace between the parts of an <object>, <audio>, <video> or around a
    # <figcaption> is layout, not line breaks.
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    return text


def _unwrap_shortcodes(text: str, tags: tuple[str, ...]) -> str:
    # <p>[caption …]…[/caption]</p> → the shortcode alone (WordPress's shortcode_unautop).
    names = "|".join(re.escape(tag) for tag in tags)
    pattern = re.compile(
        rf"<p>\s*(\[({names})(?![\w-])[^\]]*\](?:(?:(?!</p>).)*?\[/\2\])?)\s*(?:<br />\s*)?</p>",
        re.DOTALL,
    )
    return pattern.sub(
        lambda m: m.group(1) if _alone(m.group(1), m.group(2)) else m.group(0), text
    )


def _alone(shortcode: str, tag: str) -> bool:
    # The match must be one shortcode: an enclosing one holds no second opening of its tag
    # before its end, and a self-closing one ends at its first "]".
    if f"[/{tag}]" not in shortcode:
        return shortcode.count("]") == 1
    return shortcode.count(f"[{tag}") == 1
