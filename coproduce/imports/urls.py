from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("import/<slug:kind>/", views.upload, name="upload"),
    path("import/file/<int:upload_id>/", views.mapping, name="mapping"),
    path("import/file/<int:upload_id>/check/", views.check, name="check"),
    path("import/file/<int:upload_id>/confirm/", views.confirm, name="confirm"),
    path("import/file/<int:upload_id>/to-correct.csv", views.refused, name="refused"),
]
