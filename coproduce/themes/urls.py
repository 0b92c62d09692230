from django.urls import path

from . import views

app_name = "themes"
urlpatterns = [
    path("themes/", views.theme_list, name="list"),
    path("themes/regroup/", views.theme_regroup, name="regroup"),
    path("themes/suggest/", views.suggest, name="suggest"),
    path("themes/emerging/", views.emerging_confirm, name="emerging"),
    path("themes/<int:theme_id>/", views.theme_detail, name="detail"),
    path("themes/<int:theme_id>/rename/", views.theme_change, {"action": "rename"},
         name="rename"),
    path("themes/<int:theme_id>/merge/", views.theme_change, {"action": "merge"}, name="merge"),
    path("themes/<int:theme_id>/split/", views.theme_change, {"action": "split"}, name="split"),
    path("voices/<int:voice_id>/theme/", views.voice_move, name="move"),
    path("say/suggest/", views.public_suggest, name="public_suggest"),
]
