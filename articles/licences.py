"""The licences a piece or an image can carry, keyed by SPDX identifier.

Creative Commons publishes every deed at a predictable URL; the registry keeps the label
shown to readers, the deed, and whether the licence lets a series republish the work.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ALL_RIGHTS_RESERVED = "LicenseRef-All-Rights-Reserved"
PUBLIC_DOMAIN = "LicenseRef-Public-Domain"


@dataclass(frozen=True)
class Licence:
    spdx: str
    label: str
    deed_url: str
    allows_republication: bool


def _cc(spdx: str) -> Licence:
    # "CC-BY-NC-SA-4.0" -> label "CC BY-NC-SA 4.0", deed ".../licenses/by-nc-sa/4.0/"
    parts = spdx.split("-")
    version = parts[-1]
    terms = "-".join(parts[1:-1])
    return Licence(
        spdx=spdx,
        label=f"CC {terms} {version}",
        deed_url=f"https://creativecommons.org/licenses/{terms.lower()}/{version}/",
        allows_republication="ND" not in parts,
    )


_CC_IDS = [
    f"CC-{terms}-{version}"
    for version in ("4.0", "3.0", "2.5", "2.0")
    for terms in ("BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND")
]

LICENCES: dict[str, Licence] = {spdx: _cc(spdx) for spdx in _CC_IDS}
LICENCES["CC0-1.0"] = Licence(
    "CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", True
)
LICENCES[PUBLIC_DOMAIN] = Licence(
    PUBLIC_DOMAIN,
    "Public Domain Mark 1.0",
    "https://creativecommons.org/publicdomain/mark/1.0/",
    True,
)
LICENCES[ALL_RIGHTS_RESERVED] = Licence(ALL_RIGHTS_RESERVED, "All rights reserved", "", False)

# Pieces are published under the current Creative Commons suite, CC0 or all rights reserved;
# images may carry any of the older versions photographers used.
ARTICLE_LICENCE_CHOICES = [
    (spdx, LICENCES[spdx].label) for spdx in [*_CC_IDS[:6], "CC0-1.0", ALL_RIGHTS_RESERVED]
]
IMAGE_LICENCE_CHOICES = [(spdx, licence.label) for spdx, licence in LICENCES.items()]
DEFAULT_ARTICLE_LICENCE = "CC-BY-4.0"


def get_licence(spdx: str) -> Licence:
    return LICENCES[spdx]


def licence_label(spdx: str) -> str:
    """The label in the reader's language: only "all rights reserved" needs translating."""
    if spdx == ALL_RIGHTS_RESERVED:
        return str(_("All rights reserved"))
    return LICENCES[spdx].label
