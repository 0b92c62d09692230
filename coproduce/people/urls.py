from django.urls import path

from . import picker, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_add, name="add"),
    path("import/", views.people_import, name="import"),
    path("export.csv", views.people_export, name="export"),
    path("find/", picker.search_view, name="picker"),
    path("groups/", views.group_list, name="groups"),
    path("stages/", views.stage_list, name="stages"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/archive/", views.person_archive, name="archive"),
    path("<int:person_id>/consent/", views.consent_record, name="consent"),
    path("<int:person_id>/journey/", views.journey_add, name="journey"),
    path("<int:person_id>/everything/", views.person_export, name="export_person"),
    path("<int:person_id>/erase/", views.person_erase, name="erase"),
    path("<int:person_id>/sensitive/", views.sensitive_detail, name="sensitive"),
    path("<int:person_id>/sensitive/edit/", views.sensitive_edit, name="sensitive_edit"),
]
