from django.urls import path

from portal import submission_views as views

app_name = "submissions"
urlpatterns = [
    path("submit/", views.submission_edit, name="create"),
    path("submissions/", views.submission_list, name="list"),
    path("submissions/<int:pk>/", views.submission_detail, name="detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="edit"),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="withdraw"),
]
