from django.urls import path

from articles.site import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path(
        "articles/<slug:slug>/cite.<str:extension>",
        views.article_citation,
        name="cite",
    ),
    path(
        "articles/<slug:slug>/references.<str:extension>",
        views.article_references,
        name="references",
    ),
    path("search/", views.search, name="search"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
]
