"""A seed-style bibliography: references as a piece holds them (key, csl, text)."""

from types import SimpleNamespace


def ref(key: str, csl: dict | None = None, text: str = "", further_reading: bool = False):
    return SimpleNamespace(key=key, csl=csl, text=text, further_reading=further_reading)


VARGA = ref("varga", {
    "type": "book", "author": [{"family": "Varga", "given": "Anna"}],
    "title": "Violence and Flight", "publisher": "Oxford University Press",
    "issued": {"date-parts": [[2019]]},
})  # fmt: skip
CANTOR = ref("cantor", {
    "type": "book", "author": [{"family": "Cantor", "given": "David James"}],
    "title": "Returns of Internally Displaced Persons", "edition": "2",
    "publisher": "Brill", "issued": {"date-parts": [[2020]]},
})  # fmt: skip
BENITEZ = ref("benitez", {
    "type": "chapter", "author": [{"family": "Benítez", "given": "Lucía"}],
    "editor": [{"family": "Bloggs", "given": "Anne"}, {"family": "Smith", "given": "John"}],
    "title": "Gangs and Displacement", "container-title": "The Handbook of Displacement",
    "publisher": "Routledge", "page": "45-67", "issued": {"date-parts": [[2022]]},
})  # fmt: skip
IDMC = ref("idmc", {
    "type": "report", "author": [{"literal": "Internal Displacement Monitoring Centre"}],
    "title": "Global Report on Internal Displacement 2022", "publisher": "IDMC",
    "issued": {"date-parts": [[2022]]},
    "URL": "https://www.internal-displacement.org/global-report/grid2022/",
    "accessed": {"date-parts": [[2024, 3, 1]]},
})  # fmt: skip
OBSERVATORY = ref("observatory", {
    "type": "report", "author": [{"literal": "Observatory on Urban Displacement"}],
    "title": "Cities and Crime", "publisher": "Observatory on Urban Displacement",
    "issued": {"date-parts": [[2023]]},
})  # fmt: skip
REFUGEE_CONVENTION = ref("refugee-convention", {
    "type": "treaty", "title": "Convention Relating to the Status of Refugees",
    "title-short": "Refugee Convention", "issued": {"date-parts": [[1951, 7, 28]]},
    "event-date": {"date-parts": [[1954, 4, 22]]}, "volume": "189",
    "container-title": "United Nations Treaty Series", "container-title-short": "UNTS",
    "page": "137",
})  # fmt: skip
SOERING = ref("soering", {
    "type": "legal_case", "title": "Soering v United Kingdom", "title-short": "Soering",
    "issued": {"date-parts": [[1989]]}, "volume": "11",
    "container-title": "European Human Rights Reports", "container-title-short": "EHRR",
    "page": "439",
})  # fmt: skip
IMMIGRATION_ACT = ref("immigration-act", {"type": "legislation", "title": "Immigration Act 1971"})
SEED = [VARGA, CANTOR, BENITEZ, IDMC, OBSERVATORY, REFUGEE_CONVENTION]
ALL = [*SEED, SOERING, IMMIGRATION_ACT]


def cite(key: str, label: str = "", locator: str = "", prefix: str = "", suffix: str = "") -> str:
    attributes = f' data-ref="{key}"'
    if locator:
        attributes += f' data-label="{label}" data-locator="{locator}"'
    if prefix:
        attributes += f' data-prefix="{prefix}"'
    if suffix:
        attributes += f' data-suffix="{suffix}"'
    return f"<cite{attributes}></cite>"


def note(*content: str) -> str:
    return f'<span data-note="">{"".join(content)}</span>'


# A treaty cited by its adoption and entry into force only, with no treaty series.
KAMPALA = ref("kampala", {
    "type": "treaty", "title": "African Union Convention for the Protection and Assistance of "
    "Internally Displaced Persons in Africa", "title-short": "Kampala Convention",
    "issued": {"date-parts": [[2009, 10, 23]]}, "event-date": {"date-parts": [[2012, 12, 6]]},
})  # fmt: skip
