from django.urls import path

from articles.discovery.feeds import AuthorFeed, PiecesFeed, SeriesFeed, TopicFeed, atom

app_name = "feeds"
urlpatterns = []
for prefix, name, feed in [
    ("", "pieces", PiecesFeed),
    ("series/<slug:slug>/", "series", SeriesFeed),
    ("topics/<slug:slug>/", "topic", TopicFeed),
    ("authors/<slug:slug>/", "author", AuthorFeed),
]:
    urlpatterns += [
        path(f"{prefix}rss/", feed(), name=f"{name}_rss"),
        path(f"{prefix}atom/", atom(feed)(), name=f"{name}_atom"),
    ]
