import pytest
from django.core.exceptions import ValidationError

from contributors.orcid import normalise_orcid, orcid_check_digit, validate_orcid
from tests.factories import make_contributor


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]
)
def test_a_real_orcid_passes_its_checksum(orcid):
    validate_orcid(orcid)


def test_the_check_digit_is_iso_7064_mod_11_2():
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000021694233") == "X"


def test_a_mistyped_digit_is_caught_by_the_checksum():
    with pytest.raises(ValidationError, match="check digit"):
        validate_orcid("0000-0002-1825-0098")


def test_a_malformed_orcid_is_refused_with_an_example():
    with pytest.raises(ValidationError, match="0000-0002-1825-0097"):
        validate_orcid("12345")


def test_an_orcid_url_is_stored_as_the_bare_id():
    assert normalise_orcid("https://orcid.org/0000-0002-1694-233x") == "0000-0002-1694-233X"


@pytest.mark.django_db
def test_a_contributor_with_a_bad_orcid_does_not_validate():
    contributor = make_contributor(orcid="0000-0002-1825-0098")
    with pytest.raises(ValidationError) as error:
        contributor.full_clean()
    assert "orcid" in error.value.message_dict


@pytest.mark.django_db
def test_an_organisation_needs_a_name_and_no_personal_names():
    organisation = make_contributor(kind="organisation", name="", given_name="", family_name="")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "name" in error.value.message_dict
