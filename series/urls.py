from django.urls import path

from series import views

app_name = "series"
urlpatterns: list = []
