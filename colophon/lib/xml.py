"""Writing XML that any parser accepts, whatever a contributor typed."""

import re

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# XML 1.0 has no place for these; they are dropped from anything a contributor wrote.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def is_xml_text(text: str) -> bool:
    """Whether XML 1.0 can carry `text` as it is."""
    return not _NOT_XML.search(text)
