from django.utils import translation

from articles.licences import ALL_RIGHTS_RESERVED, LICENCES, get_licence, licence_label


def test_creative_commons_deeds_follow_the_spdx_id():
    licence = get_licence("CC-BY-NC-SA-4.0")
    assert licence.label == "CC BY-NC-SA 4.0"
    assert licence.deed_url == "https://creativecommons.org/licenses/by-nc-sa/4.0/"


def test_no_derivatives_and_all_rights_reserved_do_not_allow_republication():
    assert not get_licence("CC-BY-ND-2.0").allows_republication
    assert not get_licence(ALL_RIGHTS_RESERVED).allows_republication
    assert get_licence("CC-BY-2.0").allows_republication
    assert get_licence("CC0-1.0").allows_republication


def test_every_licence_but_all_rights_reserved_has_a_deed():
    assert all(
        lic.deed_url.startswith("https://")
        for spdx, lic in LICENCES.items()
        if spdx != ALL_RIGHTS_RESERVED
    )


def test_all_rights_reserved_is_labelled_in_the_readers_language():
    with translation.override("es"):
        label = licence_label(ALL_RIGHTS_RESERVED)
    # The Spanish catalogue is compiled by `make install`.
    assert label == "Todos los derechos reservados"
