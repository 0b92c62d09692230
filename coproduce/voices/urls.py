from django.urls import path

from . import outcome_views, public, public_outcomes, views

app_name = "voices"
urlpatterns = [
    path("voices/", views.voice_list, name="list"),
    path("voices/add/", views.voice_add, name="add"),
    path("voices/people/", views.person_search, name="person_search"),
    path("voices/import/", views.voices_import, name="import"),
    path("voices/export/", views.voices_export, name="export"),
    path("voices/back-burner/", views.back_burner, name="back_burner"),
    path("voices/build-up/", views.buildup_view, name="buildup"),
    path("voices/equity/", views.equity_view, name="equity"),
    path("voices/answer/", outcome_views.answer, name="answer"),
    path("voices/outcomes/", outcome_views.outcome_list, name="outcomes"),
    path("voices/outcomes/<int:outcome_id>/", outcome_views.outcome_detail, name="outcome"),
    path("voices/outcomes/<int:outcome_id>/send/", outcome_views.outcome_send,
         name="outcome_send"),
    path("voices/outcomes/<int:outcome_id>/letters/", outcome_views.outcome_letters,
         name="outcome_letters"),
    path("voices/outcomes/<int:outcome_id>/correct/", outcome_views.outcome_correct,
         name="outcome_correct"),
    path("voices/<int:voice_id>/", views.voice_detail, name="detail"),
    path("voices/<int:voice_id>/status/", views.voice_status, name="status"),
    path("voices/<int:voice_id>/assign/", views.voice_assign, name="assign"),
    path("voices/<int:voice_id>/interested/", views.interest_add, name="interest"),
    path("voices/<int:voice_id>/tell/", views.outcome_notices, name="notices"),
    path("voices/<int:voice_id>/contacts.csv", views.back_burner_contacts, name="contacts"),
    path("say/", public.say, name="say"),
    path("say/easy-read/", public.say, {"easy_read": True}, name="say_easy_read"),
    path("say/thank-you/", public.say_thanks, name="say_thanks"),
    path("say/confirm/<str:token>/", public.confirm_contact, name="confirm_contact"),
    path("say/paper.pdf", public.paper_form, name="paper"),
    path("you-said-we-did/", public_outcomes.you_said_we_did, name="you_said_we_did"),
    path("you-said-we-did/<int:outcome_id>/", public_outcomes.you_said_we_did_entry,
         name="you_said_we_did_entry"),
]
