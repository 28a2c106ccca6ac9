from django.urls import path

from portal import reference_import, reference_preview, step_views
from portal import submission_views as views

app_name = "submissions"
urlpatterns = [
    path("submit/", step_views.submission_step, name="create"),
    path("submissions/", views.submission_list, name="list"),
    path("submissions/<int:pk>/", views.submission_detail, name="detail"),
    path("submissions/<int:pk>/edit/", step_views.submission_resume, name="edit"),
    path("submissions/<int:pk>/edit/<slug:step>/", step_views.submission_step, name="step"),
    path(
        "submissions/<int:pk>/import-references/",
        reference_import.reference_import,
        name="reference_import",
    ),
    path(
        "submissions/<int:pk>/citable-references/",
        views.submission_citable_references,
        name="citable_references",
    ),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="withdraw"),
    path(
        "portal/reference-preview/",
        reference_preview.reference_preview,
        name="reference_preview",
    ),
]
