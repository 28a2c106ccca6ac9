from django.urls import path

from contributors import views

app_name = "contributors"
urlpatterns = [
    path("", views.contributor_list, name="list"),
    path("<slug:slug>/", views.contributor_detail, name="detail"),
]
