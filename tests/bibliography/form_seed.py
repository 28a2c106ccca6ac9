"""A seed-style bibliography as an editor types it into the reference form (no JSON), and
the CSL items the form must store for it."""

ACCESSED = "2023-03-01"

# Each entry: the fields typed (names as rows: (role, family, given) or (role, organisation)),
# and the item stored.
ENTRIES = [
    (
        {
            "type": "book",
            "names": [("author", "Cantor", "David James")],
            "title": "Returns of Internally Displaced Persons during Armed Conflict",
            "publisher": "Brill Nijhoff",
            "place": "Leiden",
            "issued": "2018",
        },
        {
            "type": "book",
            "author": [{"family": "Cantor", "given": "David James"}],
            "title": "Returns of Internally Displaced Persons during Armed Conflict",
            "publisher": "Brill Nijhoff",
            "publisher-place": "Leiden",
            "issued": {"date-parts": [[2018]]},
        },
    ),
    (
        {
            "type": "book",
            "names": [("author", "Orchard", "Phil")],
            "title": "Protecting the Internally Displaced: Rhetoric and Reality",
            "publisher": "Routledge",
            "place": "London",
            "issued": "2018",
            "edition": "2",
        },
        {
            "type": "book",
            "author": [{"family": "Orchard", "given": "Phil"}],
            "title": "Protecting the Internally Displaced: Rhetoric and Reality",
            "publisher": "Routledge",
            "publisher-place": "London",
            "edition": "2",
            "issued": {"date-parts": [[2018]]},
        },
    ),
    (
        {
            "type": "chapter",
            "names": [
                ("author", "Vidal López", "Roberto"),
                ("editor", "Duthie", "Roger"),
                ("editor", "Bradley", "Megan"),
            ],
            "title": "Truth-Telling and Internal Displacement in Colombia",
            "container_title": "Transitional Justice and Displacement",
            "page": "14-59",
            "publisher": "Social Science Research Council",
            "place": "New York",
            "issued": "2012-06",
        },
        {
            "type": "chapter",
            "author": [{"family": "Vidal López", "given": "Roberto"}],
            "editor": [
                {"family": "Duthie", "given": "Roger"},
                {"family": "Bradley", "given": "Megan"},
            ],
            "title": "Truth-Telling and Internal Displacement in Colombia",
            "container-title": "Transitional Justice and Displacement",
            "page": "14-59",
            "publisher": "Social Science Research Council",
            "publisher-place": "New York",
            "issued": {"date-parts": [[2012, 6]]},
        },
    ),
    (
        {
            "type": "report",
            "names": [("author", "Internal Displacement Monitoring Centre")],
            "title": "Global Report on Internal Displacement 2022",
            "publisher": "IDMC",
            "place": "Geneva",
            "issued": "2022-05-19",
            "url": "https://www.internal-displacement.org/global-report/grid2022/",
            "accessed": ACCESSED,
        },
        {
            "type": "report",
            "author": [{"literal": "Internal Displacement Monitoring Centre"}],
            "title": "Global Report on Internal Displacement 2022",
            "publisher": "IDMC",
            "publisher-place": "Geneva",
            "issued": {"date-parts": [[2022, 5, 19]]},
            "URL": "https://www.internal-displacement.org/global-report/grid2022/",
            "accessed": {"date-parts": [[2023, 3, 1]]},
        },
    ),
    (
        {
            "type": "report",
            "names": [("author", "UNHCR")],
            "title": "Global Trends: Forced Displacement in 2021",
            "number": "GT-2021",
            "publisher": "UNHCR",
            "issued": "2022",
        },
        {
            "type": "report",
            "author": [{"literal": "UNHCR"}],
            "title": "Global Trends: Forced Displacement in 2021",
            "number": "GT-2021",
            "publisher": "UNHCR",
            "issued": {"date-parts": [[2022]]},
        },
    ),
    (
        {
            "type": "treaty",
            "names": [],
            "title": "Convention Relating to the Status of Refugees",
            "container_title": "United Nations Treaty Series",
            "volume": "189",
            "page": "137",
            "issued": "1951-07-28",
            "event_date": "1954-04-22",
            "container_title_short": "UNTS",
            "title_short": "Refugee Convention",
        },
        {
            "type": "treaty",
            "title": "Convention Relating to the Status of Refugees",
            "title-short": "Refugee Convention",
            "container-title": "United Nations Treaty Series",
            "container-title-short": "UNTS",
            "volume": "189",
            "page": "137",
            "issued": {"date-parts": [[1951, 7, 28]]},
            "event-date": {"date-parts": [[1954, 4, 22]]},
        },
    ),
]


def posted(prefix: str, entry: dict, position: int | None = None) -> dict:
    """The fields a browser posts for one entry typed into the form."""
    data = {}
    for name, value in entry.items():
        if name != "names":
            data[f"{prefix}-{name}"] = value
    for index, row in enumerate(entry.get("names", [])):
        data[f"{prefix}-name-{index}-role"] = row[0]
        if len(row) == 3:
            data[f"{prefix}-name-{index}-kind"] = "person"
            data[f"{prefix}-name-{index}-family"] = row[1]
            data[f"{prefix}-name-{index}-given"] = row[2]
        else:
            data[f"{prefix}-name-{index}-kind"] = "organisation"
            data[f"{prefix}-name-{index}-literal"] = row[1]
    # The two blank rows the form always offers, posted empty and ignored.
    for index in range(len(entry.get("names", [])), len(entry.get("names", [])) + 2):
        data |= {
            f"{prefix}-name-{index}-role": "author",
            f"{prefix}-name-{index}-kind": "person",
            f"{prefix}-name-{index}-family": "",
            f"{prefix}-name-{index}-given": "",
            f"{prefix}-name-{index}-literal": "",
        }
    if position is not None:
        data[f"{prefix}-position"] = str(position)
    return data


def bibliography(prefix: str = "references") -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(ENTRIES)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, (entry, _item) in enumerate(ENTRIES):
        # No position typed: new entries keep the order in which they are listed.
        data |= posted(f"{prefix}-{index}", entry)
    return data


EXPECTED = [item for _entry, item in ENTRIES]
