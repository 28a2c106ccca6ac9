import pytest
from django.core.exceptions import ValidationError

from redirects.models import Redirect

pytestmark = pytest.mark.django_db


def test_point_creates_then_reports_unchanged_then_updated():
    assert Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/", "post 5") == "new"
    assert Redirect.objects.point("/2019/05/my-post", "/en/articles/my-post/", "post 5") == (
        "unchanged"
    )
    assert Redirect.objects.point(
        "https://old.example.org/2019/05/My-Post/", "/en/articles/renamed/", "post 5"
    ) == ("updated")
    row = Redirect.objects.get()
    assert (row.old_path, row.new_path) == ("/2019/05/my-post", "/en/articles/renamed/")


def test_point_stores_a_percent_encoded_spanish_slug_decoded():
    Redirect.objects.point("/2020/03/desplazamiento-en-m%C3%A9xico/", "/es/articles/d/")
    assert Redirect.objects.get().old_path == "/2020/03/desplazamiento-en-méxico"


@pytest.mark.parametrize(
    "target", ["https://elsewhere.example/", "//elsewhere.example/x", "en/articles/x/", ""]
)
def test_point_refuses_a_target_that_is_not_a_path_on_this_site(target):
    with pytest.raises(ValidationError) as error:
        Redirect.objects.point("/?p=1", target)
    assert "new_path" in error.value.message_dict
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("old", ["/en/", "/es/", "/en/articles", "/sitemap.xml", "/admin/"])
def test_point_refuses_an_old_path_this_site_always_answers(old):
    with pytest.raises(ValidationError) as error:
        Redirect.objects.point(old, "/en/articles/x/")
    assert "never be tried" in str(error.value.message_dict["old_path"])


def test_an_old_slug_under_a_colophon_address_may_redirect():
    # A piece's old slug answers "not found", so a redirect from it is tried.
    assert Redirect.objects.point("/en/articles/old-slug/", "/en/articles/new-slug/") == "new"


def test_point_refuses_a_redirect_to_itself():
    with pytest.raises(ValidationError):
        Redirect.objects.point("/old/page/", "/old/page")


def test_find_prefers_the_whole_address_then_a_parameter_then_the_path(
    django_assert_num_queries,
):
    Redirect.objects.point("/", "/en/")  # the old home page
    Redirect.objects.point("/?p=12", "/en/articles/twelve/")
    Redirect.objects.point("/?cat=3&paged=2", "/en/series/three/?page=2")
    with django_assert_num_queries(1):
        assert Redirect.objects.find("/", "p=12").new_path == "/en/articles/twelve/"
    assert Redirect.objects.find("/", "utm_source=x&p=12").new_path == "/en/articles/twelve/"
    assert Redirect.objects.find("/", "paged=2&cat=3").new_path == "/en/series/three/?page=2"
    assert Redirect.objects.find("/", "p=99").new_path == "/en/"
    assert Redirect.objects.find("/nothing/", "p=12") is None


def test_find_matches_with_and_without_a_trailing_slash():
    Redirect.objects.point("/2019/05/post/", "/en/articles/post/")
    Redirect.objects.create(old_path="/written/raw/", new_path="/en/")
    assert Redirect.objects.find("/2019/05/post", "") is not None
    assert Redirect.objects.find("/2019/05/post/", "") is not None
    assert Redirect.objects.find("/written/raw", "") is not None


def test_clean_normalises_the_old_path_and_names_the_bad_field():
    row = Redirect(old_path="/2019/05/My-Post/", new_path="/en/articles/p/")
    row.full_clean()
    assert row.old_path == "/2019/05/my-post"
    with pytest.raises(ValidationError) as error:
        Redirect(old_path="/x/", new_path="https://elsewhere.example/").full_clean()
    assert list(error.value.message_dict) == ["new_path"]


def test_point_refuses_paths_longer_than_their_columns():
    with pytest.raises(ValidationError) as error:
        Redirect.objects.point("/" + "a" * 600, "/en/")
    assert "longer than 500" in str(error.value.message_dict["old_path"])
    with pytest.raises(ValidationError) as error:
        Redirect.objects.point("/old/", "/" + "a" * 600)
    assert "longer than 500" in str(error.value.message_dict["new_path"])
