from django.urls import path

from . import views

app_name = "sortition"
urlpatterns = [
    path("", views.selection_list, name="list"),
    path("add/", views.selection_add, name="add"),
    path("add/people/", views.selection_from_people, name="add_people"),
    path("<int:selection_id>/", views.selection_detail, name="detail"),
    path("<int:selection_id>/pool/", views.selection_pool, name="pool"),
    path("<int:selection_id>/replace/", views.selection_replace, name="replace"),
]
