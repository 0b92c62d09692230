from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.outbox_list, name="outbox"),
    path("notices/letters/", views.letter_list, name="letters"),
    path("notices/letters/print/", views.letters_print, name="letters_print"),
    path("notices/letters/printed/", views.letters_printed, name="letters_printed"),
    path("notices/calls/", views.call_list, name="calls"),
    path("notices/<int:notice_id>/", views.notice_detail, name="detail"),
    path("notices/<int:notice_id>/called/", views.call_made, name="called"),
    path("notices/<int:notice_id>/retry/", views.notice_retry, name="retry"),
]
