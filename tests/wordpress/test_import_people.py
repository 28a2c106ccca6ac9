import pytest

from articles.models import Article
from contributors.models import Contributor
from tests.factories import make_contributor
from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import run

pytestmark = pytest.mark.django_db


def coauthored() -> ExportBuilder:
    export = ExportBuilder()
    export.author(
        "ana", display_name="Ana Ruiz", first_name="Ana", last_name="Ruiz", email="Ana@Example.org"
    )
    export.author("editor", display_name="The Editor", email="editor@example.org")
    export.category("papers", "Papers")
    export.guest_author(
        900,
        "cap-ana-ruiz",
        "Ana Ruiz",
        first_name="Ana",
        last_name="Ruiz",
        email="ana@example.org",
        bio="Ana studies borders.",
        linked_account="ana",
    )
    export.guest_author(
        901,
        "cap-li-wei",
        "Li Wei",
        first_name="Wei",
        last_name="Li",
        email="li@example.org",
        website="https://li.example.org",
        bio="Li writes on water.",
    )
    export.post(
        10,
        "One",
        creator="editor",
        categories=["papers"],
        excerpt="1",
        coauthors=["cap-li-wei", "cap-ana-ruiz"],
    )
    export.post(11, "Two", creator="ana", categories=["papers"], excerpt="2")
    return export


def test_guest_authors_and_users_become_one_contributor_per_person_in_order(tmp_path):
    run(coauthored(), tmp_path)

    assert Contributor.objects.count() == 2
    li = Contributor.objects.get(name="Li Wei")
    assert (li.given_name, li.family_name) == ("Wei", "Li")
    assert li.bio_en and "Li writes on water." in li.bio_en
    assert li.website == "https://li.example.org"
    one = Article.objects.get(slug="post-10")
    assert [a.contributor.name for a in one.authorships.all()] == ["Li Wei", "Ana Ruiz"]
    two = Article.objects.get(slug="post-11")
    assert [a.contributor.name for a in two.authorships.all()] == ["Ana Ruiz"]


def test_a_second_run_finds_the_same_contributors(tmp_path):
    run(coauthored(), tmp_path)
    export = coauthored()
    export.items[-1] = export.items[-1].replace("<p>Text.</p>", "<p>New text.</p>")

    run(export, tmp_path)

    assert Contributor.objects.count() == 2


def test_a_contributor_already_in_colophon_is_matched_by_e_mail_whatever_its_case(tmp_path):
    existing = make_contributor(
        given_name="Ana", family_name="Ruiz-Gómez", email="ANA@example.org"
    )

    run(coauthored(), tmp_path)

    assert Contributor.objects.count() == 2
    two = Article.objects.get(slug="post-11")
    assert two.authorships.get().contributor == existing


def test_the_report_counts_people_not_bylines(tmp_path):
    first = run(coauthored(), tmp_path)
    second = run(coauthored(), tmp_path, overwrite=True)

    assert first.counts["contributors"] == {"new": 2}
    assert second.counts["contributors"] == {"unchanged": 2}


@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "//evil",
    ],
)
def test_a_guest_authors_website_that_is_not_an_http_address_is_not_kept(tmp_path, website):
    export = coauthored()
    export.items[1] = export.items[1].replace("https://li.example.org", website)

    run(export, tmp_path)

    assert Contributor.objects.get(name="Li Wei").website == ""


def test_a_website_is_not_filled_in_from_an_export_unless_it_is_an_http_address(tmp_path):
    existing = make_contributor(given_name="Wei", family_name="Li", email="li@example.org")
    export = coauthored()
    export.items[1] = export.items[1].replace("https://li.example.org", "javascript:alert(1)")

    run(export, tmp_path)

    existing.refresh_from_db()
    assert existing.website == ""
