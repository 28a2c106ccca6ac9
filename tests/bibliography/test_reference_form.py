"""The structured reference form on its own: what it builds from typed fields, what it
refuses (naming the field), and what it keeps of a stored entry it has no field for."""

import datetime
import json

import pytest
from django.utils import timezone

from articles.bibliography.forms import ReferenceForm, citation_style
from articles.bibliography.preview import preview_entry
from articles.citations import validate_csl_item
from articles.models import Reference
from tests.bibliography.form_seed import ENTRIES, posted
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def bound(entry: dict, instance=None, prefix="r") -> ReferenceForm:
    data = posted(prefix, {"position": "0", **entry})
    return ReferenceForm(data, prefix=prefix, instance=instance)


@pytest.mark.parametrize(("entry", "item"), ENTRIES, ids=[e["type"] for e, _i in ENTRIES])
def test_each_seed_entry_typed_into_the_form_becomes_the_expected_item(entry, item):
    form = bound(entry)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["csl"] == item
    validate_csl_item(form.cleaned_data["csl"])  # the model's own check


BOOK = {"type": "book", "title": "A book"}


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        ({**BOOK, "issued": "21"}, "issued", "Year must be four digits."),
        ({**BOOK, "issued": "2021-13"}, "issued", "This date does not exist."),
        (
            {"type": "chapter", "title": "C"},
            "container_title",
            "A chapter needs the book's title.",
        ),
        (
            {"type": "article-journal", "title": "A"},
            "container_title",
            "A journal article needs the journal's title.",
        ),
        (
            {**BOOK, "names": [("author", "", "Ana")]},
            "name-0-family",
            "A person needs a family name.",
        ),
        ({**BOOK, "doi": "doi 1234"}, "doi", "The DOI must look like 10.1234/abc."),
        (
            {**BOOK, "url": "ftp://example.org/x"},
            "url",
            "The URL must start with https:// or http://.",
        ),
        ({"type": "report", "publisher": "UNHCR"}, "title", "A structured entry needs a title."),
        ({"type": "text"}, "text", "Write the entry as it should be printed."),
        (
            {"type": "treaty", "title": "T", "event_date": "54"},
            "event_date",
            "The year it entered into force must be four digits.",
        ),
        (
            {"type": "treaty", "title": "T", "event_date": "1954-4-31"},
            "event_date",
            "The date it entered into force does not exist.",
        ),
        (
            {"type": "treaty", "title": "T", "event_date": "1954/04/22"},
            "event_date",
            "Write the date it entered into force as 1954, 1954-04 or 1954-04-22.",
        ),
    ],
)
def test_a_mistake_is_named_on_its_field(entry, field, message):
    form = bound(entry)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_an_accessed_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = bound({**BOOK, "accessed": tomorrow.isoformat()})
    assert form.errors["accessed"] == ["The accessed date cannot be in the future."]


def test_a_doi_given_as_a_link_is_stored_as_the_doi():
    form = bound({**BOOK, "doi": "https://doi.org/10.1093/ijrl/eey001"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["csl"]["DOI"] == "10.1093/ijrl/eey001"


def test_a_row_with_only_an_organisations_name_is_an_organisation_even_as_a_person():
    form = bound({**BOOK, "names": [("author", "UNHCR")]})
    data = form.data.copy()
    data["r-name-0-kind"] = "person"
    form = ReferenceForm(data, prefix="r")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["csl"]["author"] == [{"literal": "UNHCR"}]


def test_free_text_is_stored_as_text_and_not_as_an_item():
    form = bound({"type": "text", "text": "UNHCR, Global Trends (2023).", "title": "Ignored"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["csl"] is None
    assert form.cleaned_data["text"] == "UNHCR, Global Trends (2023)."


def stored_with_extras() -> Reference:
    article = make_article(references=0)
    return Reference.objects.create(
        article=article,
        key="hathaway",
        csl={
            "type": "book",
            "title": "The Rights of Refugees",
            "author": [{"family": "Hathaway", "given": "James C.", "suffix": "Jr."}],
            "editor": [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van den"}],
            "collection-title": "Cambridge Studies in International Law",
            "note": "Second edition forthcoming",
            "issued": {"date-parts": [[2021, 6]], "circa": True},
            "accessed": {"date-parts": [[2022, 5]]},
        },
    )


def test_the_form_shows_a_stored_entry_with_its_names_and_two_blank_rows():
    form = ReferenceForm(instance=stored_with_extras(), prefix="r")
    assert form.initial["type"] == "book"
    assert form.initial["issued"] == "2021-06"
    assert form.initial["key"] == "hathaway"
    assert form.name_indices == [0, 1, 2, 3]
    assert form.initial["name-1-family"] == "Berg"
    assert form.initial["name-1-role"] == "editor"
    assert "name-2-family" not in form.initial
    assert form.kept_fields() == (
        "accessed: 2022-05; "
        "collection-title: Cambridge Studies in International Law; "
        "note: Second edition forthcoming"
    )


def test_fields_the_form_does_not_show_survive_an_edit():
    reference = stored_with_extras()
    unbound = ReferenceForm(instance=reference, prefix="r")
    data = {unbound[name].html_name: unbound[name].value() or "" for name in unbound.fields}
    data["r-title"] = "The Rights of Refugees under International Law"
    form = ReferenceForm(data, instance=reference, prefix="r")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["csl"] == {
        **reference.csl,
        "title": "The Rights of Refugees under International Law",
    }


def test_a_new_form_offers_a_fresh_key_and_a_saved_one_keeps_its_own():
    first, second = ReferenceForm(prefix="a"), ReferenceForm(prefix="b")
    assert first.initial["key"] != second.initial["key"]
    assert ReferenceForm(prefix="__prefix__").initial.get("key") is None
    form = bound({**BOOK, "key": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["key"]


def test_the_style_is_the_volumes_series_then_the_proposed_series_then_oscola():
    article = make_article(references=0)
    assert citation_style(article) == article.volume.series.citation_style
    article.volume = None
    article.series = None
    assert citation_style(article) == "oscola"


def test_a_preview_renders_the_entry_or_names_what_is_wrong():
    data = posted("r", ENTRIES[5][0]) | {"prefix": "r"}
    result = preview_entry(data, "oscola", "en")
    assert result["errors"] == {}
    assert "Convention Relating to the Status of Refugees" in result["html"]
    assert "1951" in result["html"]
    bad = preview_entry({"prefix": "r", "r-type": "chapter", "r-title": "C"}, "apa", "en")
    assert bad == {
        "html": "",
        "errors": {"container_title": ["A chapter needs the book's title."]},
    }


def test_a_preview_of_a_saved_entry_keeps_its_hidden_fields():
    reference = stored_with_extras()
    data = {"prefix": "r", "r-key": "hathaway", "r-type": "book", "r-title": "T"}
    result = preview_entry(data, "chicago-author-date", "en", reference.article)
    assert "Cambridge Studies in International Law" in result["html"]


def test_a_stored_treaty_shows_its_entry_into_force_and_abbreviation_in_their_fields():
    article = make_article(references=0)
    reference = Reference.objects.create(
        article=article,
        key="refugee-convention",
        csl={
            "type": "treaty",
            "title": "Convention Relating to the Status of Refugees",
            "container-title": "United Nations Treaty Series",
            "container-title-short": "UNTS",
            "event-date": {"date-parts": [[1954, 4, 22]], "circa": True},
        },
    )
    unbound = ReferenceForm(instance=reference, prefix="r")
    assert unbound.initial["event_date"] == "1954-04-22"
    assert unbound.initial["container_title_short"] == "UNTS"
    assert unbound.kept_fields() == ""
    data = {unbound[name].html_name: unbound[name].value() or "" for name in unbound.fields}
    form = ReferenceForm(data, instance=reference, prefix="r")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["csl"] == reference.csl


def test_only_a_treaty_asks_when_it_entered_into_force_and_three_types_an_abbreviation():
    config = json.loads(ReferenceForm.type_config())
    asking = {kind for kind, types in config.items() if "event_date" in types["fields"]}
    assert asking == {"treaty"}
    abbreviated = {k for k, t in config.items() if "container_title_short" in t["fields"]}
    assert abbreviated == {"treaty", "legal_case", "article-journal"}
    assert config["treaty"]["labels"]["container_title_short"] == "Series abbreviation"
    assert config["treaty"]["labels"]["issued"] == "Adopted"
