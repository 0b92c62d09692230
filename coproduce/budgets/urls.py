from django.urls import path

from . import kiosk, public, views

app_name = "budgets"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("add/", views.process_add, name="add"),
    path("import/", views.import_pb, name="import"),
    path("from-theme/<int:theme_id>/", views.proposal_from_theme, name="from_theme"),
    path("from-voice/<int:voice_id>/", views.proposal_from_voice, name="from_voice"),
    path("<int:process_id>/", views.process_detail, name="detail"),
    path("<int:process_id>/advance/", views.process_advance, name="advance"),
    path("<int:process_id>/proposals/add/", views.proposal_add, name="proposal_add"),
    path("<int:process_id>/proposals/<int:proposal_id>/review/", views.proposal_review,
         name="review"),
    path("<int:process_id>/codes/", views.codes, name="codes"),
    path("<int:process_id>/voters/", views.voters_list, name="voters"),
    path("<int:process_id>/letters/", views.letters, name="letters"),
    path("<int:process_id>/event/", kiosk.event_start, name="event"),
    path("<int:process_id>/event/ballot/", kiosk.event_ballot, name="event_ballot"),
    path("<int:process_id>/paper/", views.paper_ballot, name="paper"),
    path("<int:process_id>/export.pb", views.export_pb, name="export"),
    path("<int:process_id>/vote/", public.vote_start, name="vote"),
    path("<int:process_id>/ballot/", public.ballot, name="ballot"),
    path("<int:process_id>/results/", public.results, name="results"),
    path("<int:process_id>/results.pb", public.results_pb, name="results_pb"),
]
