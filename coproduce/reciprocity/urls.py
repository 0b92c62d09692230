from django.urls import path

app_name = "reciprocity"
urlpatterns: list = []
