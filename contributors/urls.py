from django.urls import path

from contributors import views

app_name = "contributors"
urlpatterns: list = []
