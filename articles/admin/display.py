"""Read-only fragments the admin shows: thumbnails and per-language publication marks."""

from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime, now
from django.utils.translation import gettext as _

from articles.models import Article
from colophon.lib.admin_languages import language_names


def publication_marks(article: Article) -> SafeString:
    """ "EN ✓ · ES —": one mark per site language, scheduled versions with their date."""
    current = now()
    marks = []
    for code, name in language_names().items():
        when = article.localized("published_at", code)
        if article.status == Article.Status.PUBLISHED and when and when <= current:
            mark, label = "✓", _("%(language)s: published") % {"language": name}
        elif when and when > current:
            mark = "◷"
            label = _("%(language)s: scheduled for %(date)s") % {
                "language": name,
                "date": date_format(localtime(when), "DATETIME_FORMAT"),
            }
        else:
            mark, label = "—", _("%(language)s: not published") % {"language": name}
        marks.append((label, code.upper(), mark))
    # The marks are for the eye; screen readers get the sentence instead.
    return format_html_join(
        " · ",
        '<span title="{0}"><span aria-hidden="true">{1}&nbsp;{2}</span>'
        '<span class="visually-hidden">{0}</span></span>',
        marks,
    )
