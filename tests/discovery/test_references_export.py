"""A piece's bibliography downloads as BibTeX, RIS and CSL-JSON that bibtexparser and rispy
read, and that Colophon's own importer reads back without losing what Colophon stores."""

import json

import bibtexparser
import pytest
import rispy

from articles.bibliography.importing import read_references
from articles.models import Reference
from series.models import BibliographyScope
from tests.factories import make_article

pytestmark = pytest.mark.django_db

# Every kind of entry a piece stores, with the fields each export format can carry.
ENTRIES = [
    {
        "type": "book",
        "title": "Violence & Flight: 100% $_#~ \\ Protected",
        "author": [
            {"literal": "UNHCR"},
            {"family": "Neumann", "given": "John", "non-dropping-particle": "von"},
            {"family": "Müller", "given": "José", "suffix": "Jr"},
        ],
        "translator": [{"family": "Serrano", "given": "Diego"}],
        "editor": [{"family": "Bradley", "given": "Megan"}],
        "collection-title": "Forced Migration Series",
        "publisher": "Routledge",
        "publisher-place": "London",
        "edition": "2",
        "issued": {"date-parts": [[2018, 3, 9]]},
        "language": "en",
        "note": "Reprinted",
        "title-short": "Violence",
    },
    {
        "type": "chapter",
        "title": "Cases of Internal Displacement",
        "author": [{"family": "Cantor", "given": "David James"}],
        "editor": [{"family": "Bradley", "given": "Megan"}],
        "container-title": "Forced Migration",
        "page": "25-48",
        "publisher": "Routledge",
        "DOI": "10.4324/9781315107",
        "issued": {"date-parts": [[2019]]},
    },
    {
        "type": "article-journal",
        "title": "Invisible Flight",
        "author": [{"family": "Whitfield", "given": "Joanna"}],
        "container-title": "Journal of Displacement Studies",
        "container-title-short": "J Displ Stud",
        "volume": "34",
        "issue": "2",
        "page": "211-236",
        "issued": {"date-parts": [[2021, 6]]},
    },
    {
        "type": "report",
        "title": "Global Report on Internal Displacement",
        "author": [{"literal": "Internal Displacement Monitoring Centre"}],
        "publisher": "IDMC",
        "number": "4",
        "genre": "Annual report",
        "issued": {"date-parts": [[2022]]},
    },
    {
        "type": "webpage",
        "title": "Figures analysis",
        "author": [{"literal": "IDMC"}],
        "container-title": "IDMC website",
        "URL": "https://www.internal-displacement.org/figures?x=1&y=2",
        "accessed": {"date-parts": [[2024, 3, 1]]},
    },
    {
        "type": "thesis",
        "title": "Flight and Violence in Central America",
        "author": [{"family": "Varga", "given": "Anna"}],
        "publisher": "University of Oxford",
        "genre": "PhD thesis",
        "issued": {"date-parts": [[2017]]},
    },
    {
        "type": "legislation",
        "title": "Ley 387 de 1997",
        "section": "art 4",
        "issued": {"date-parts": [[1997, 7, 18]]},
    },
    {
        "type": "legal_case",
        "title": "Sentencia T-025",
        "authority": "Corte Constitucional",
        "jurisdiction": "Colombia",
        "issued": {"date-parts": [[2004]]},
    },
    {
        "type": "article-newspaper",
        "title": "Thousands flee",
        "container-title": "El País",
        "issued": {"date-parts": [[2020, 1, 2]]},
    },
]
# RIS has no tags for these, so an RIS round trip cannot keep them (docs/references.md).
NOT_IN_RIS = {"authority", "jurisdiction"}
NAME_PARTS_NOT_IN_RIS = {"non-dropping-particle", "suffix"}
RIS_TYPES_NOT_KEPT = {"legal_case"}


@pytest.fixture
def piece():
    article = make_article(references=0, slug="cited")
    for position, item in enumerate(ENTRIES):
        Reference.objects.create(article=article, position=position, csl=item)
    Reference.objects.create(article=article, position=99, text="A free-text entry")
    return article


def _get(client, extension):
    response = client.get(f"/en/articles/cited/references.{extension}")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="cited-references.{extension}"'
    )
    return response.content.decode()


def _without_keys(items):
    return [{k: v for k, v in item.items() if k != "id"} for item in items]


def test_the_csl_json_download_is_every_structured_entry_with_its_key(client, piece):
    items = json.loads(_get(client, "json"))
    keys = list(piece.references.filter(csl__isnull=False).values_list("key", flat=True))
    assert [item["id"] for item in items] == keys
    assert _without_keys(items) == ENTRIES


def test_the_csl_json_download_reads_back_unchanged(client, piece):
    candidates = read_references(_get(client, "json"), "refs.json")
    assert [c.item for c in candidates] == ENTRIES
    assert all(not c.unmapped for c in candidates)


def test_the_bibtex_download_parses_and_reads_back_without_loss(client, piece):
    text = _get(client, "bib")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert len(library.entries) == len(ENTRIES)
    candidates = read_references(text, "refs.bib")
    assert [c.item for c in candidates] == ENTRIES
    assert all(not c.unmapped and not c.warnings for c in candidates if c.item.get("issued"))


def test_the_ris_download_parses_and_reads_back_what_ris_can_hold(client, piece):
    text = _get(client, "ris")
    assert len(rispy.loads(text)) == len(ENTRIES)
    candidates = read_references(text, "refs.ris")
    for candidate, original in zip(candidates, ENTRIES, strict=True):
        expected = {k: v for k, v in original.items() if k not in NOT_IN_RIS}
        if "author" in expected:
            expected["author"] = [
                {k: v for k, v in name.items() if k not in NAME_PARTS_NOT_IN_RIS}
                for name in expected["author"]
            ]
        if original["type"] in RIS_TYPES_NOT_KEPT:
            continue
        assert candidate.item == expected
        assert candidate.unmapped == []


def test_a_piece_page_links_its_bibliography_downloads(client, piece):
    html = client.get("/en/articles/cited/").content.decode()
    for extension in ("bib", "ris", "json"):
        assert f"/en/articles/cited/references.{extension}" in html


def test_an_unknown_format_or_unpublished_piece_is_not_found(client, piece):
    assert client.get("/en/articles/cited/references.txt").status_code == 404
    draft = make_article(published=(), slug="draft")
    assert client.get(f"/en/articles/{draft.slug}/references.bib").status_code == 404


def test_a_cited_only_series_exports_what_its_bibliography_prints(client):
    piece = make_article(references=0, slug="scoped")
    cited = Reference.objects.create(article=piece, csl={"type": "book", "title": "Cited"})
    Reference.objects.create(article=piece, csl={"type": "book", "title": "Not cited"})
    Reference.objects.create(
        article=piece, csl={"type": "book", "title": "Further"}, further_reading=True
    )
    piece.body_en = f'<p>Text<span data-note=""><cite data-ref="{cited.key}"></cite></span></p>'
    piece.save()
    series = piece.volume.series
    series.bibliography = BibliographyScope.CITED
    series.save()
    response = client.get("/en/articles/scoped/references.json")
    assert [item["title"] for item in json.loads(response.content)] == ["Cited", "Further"]
