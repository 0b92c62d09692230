from django.urls import path

from . import change_views, public, views

app_name = "voices"
urlpatterns = [
    path("voices/", views.voice_list, name="list"),
    path("voices/add/", views.voice_add, name="add"),
    path("voices/people/", views.person_search, name="person_search"),
    path("voices/bulk/", change_views.voice_bulk, name="bulk"),
    path("voices/removed/", change_views.removed_list, name="removed"),
    path("voices/import/", views.voices_import, name="import"),
    path("voices/export/", views.voices_export, name="export"),
    path("voices/back-burner/", views.back_burner, name="back_burner"),
    path("voices/build-up/", views.buildup_view, name="buildup"),
    path("voices/equity/", views.equity_view, name="equity"),
    path("voices/<int:voice_id>/", views.voice_detail, name="detail"),
    path("voices/<int:voice_id>/status/", views.voice_status, name="status"),
    path("voices/<int:voice_id>/assign/", views.voice_assign, name="assign"),
    path("voices/<int:voice_id>/interested/", views.interest_add, name="interest"),
    path("voices/<int:voice_id>/correct/", change_views.voice_correct, name="correct"),
    path("voices/<int:voice_id>/same-as/", change_views.voice_same_as, name="same_as"),
    path("voices/<int:voice_id>/remove/", change_views.voice_remove, name="remove"),
    path("voices/<int:voice_id>/purge/", change_views.voice_purge, name="purge"),
    path("voices/<int:voice_id>/tell/", views.outcome_notices, name="notices"),
    path("voices/<int:voice_id>/contacts.csv", views.back_burner_contacts, name="contacts"),
    path("say/", public.say, name="say"),
    path("say/easy-read/", public.say, {"easy_read": True}, name="say_easy_read"),
    path("say/thank-you/", public.say_thanks, name="say_thanks"),
    path("say/paper.pdf", public.paper_form, name="paper"),
    path("you-said-we-did/", public.you_said_we_did, name="you_said_we_did"),
]
