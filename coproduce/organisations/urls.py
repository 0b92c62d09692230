from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("members/", views.member_list, name="members"),
    path("members/<int:membership_id>/", views.member_edit, name="member_edit"),
    path("settings/", views.organisation_settings, name="settings"),
]
