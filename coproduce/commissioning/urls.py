from django.urls import path

from . import public, views

app_name = "commissioning"
R = "rounds/<int:grant_round_id>/"
urlpatterns = [
    path("", views.fund_list, name="funds"),
    path("add/", views.fund_add, name="fund_add"),
    path("<int:fund_id>/", views.fund_detail, name="fund"),
    path("<int:fund_id>/edit/", views.fund_add, name="fund_edit"),
    path("<int:fund_id>/questions/add/", views.question_add, name="question_add"),
    path("<int:fund_id>/rounds/add/", views.round_add, name="round_add"),
    path(R, views.round_detail, name="round"),
    path(R + "criteria/", views.criteria_propose, name="criteria_propose"),
    path(R + "criteria/<int:version_id>/agree/", views.criteria_agree, name="criteria_agree"),
    path(R + "stage/", views.round_stage, name="round_stage"),
    path(R + "panel/add/", views.panellist_add, name="panellist_add"),
    path(R + "bids/paper/", views.bid_paper, name="bid_paper"),
    path(R + "bids/<int:bid_id>/", views.bid_detail, name="bid"),
    path(R + "bids/<int:bid_id>/files/<int:attachment_id>/", views.attachment,
         name="attachment"),
    path(R + "declare/", views.declare, name="declare"),
    path(R + "declare/<int:panellist_id>/", views.declare, name="declare_paper"),
    path(R + "bids/<int:bid_id>/score/", views.score, name="score"),
    path(R + "bids/<int:bid_id>/score/<int:panellist_id>/", views.score, name="score_paper"),
    path(R + "ranking/", views.ranking, name="ranking"),
    path(R + "ranking/move/", views.move, name="move"),
    path(R + "award/", views.award, name="award"),
    path(R + "bids/<int:bid_id>/feedback/", views.feedback, name="feedback"),
    path(R + "bids/<int:bid_id>/letter/", views.letter, name="letter"),
    path(R + "letters/send/", views.letters_send, name="letters_send"),
    path(R + "letters/print/", views.letters_print, name="letters_print"),
    # Public: no login. Each shows only a round of the organisation in its address.
    path(R + "about/", public.round_page, name="public_round"),
    path(R + "apply/", public.apply, name="apply"),
    path(R + "apply/easy-read/", public.apply_easy_read, name="apply_easy_read"),
    path(R + "apply/paper/", public.paper_form, name="paper_form"),
    path(R + "apply/<str:draft_token>/", public.draft, name="draft"),
    path(R + "results/", public.results, name="results"),
    path(R + "360giving.json", public.open_data_json, name="open_data_json"),
    path(R + "360giving.csv", public.open_data_csv, name="open_data_csv"),
]
