from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("contribute/", views.contribute, name="contribute"),
    path("pages/<slug:slug>/", views.page_detail, name="detail"),
]
