from django.urls import path

from . import public_views, survey_views, views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/answer/", views.round_answer, name="round_answer"),
    path("rounds/<int:round_id>/links/", views.round_links, name="round_links"),
    path("rounds/<int:round_id>/links/<int:link_id>/send/", views.round_link_send,
         name="round_link_send"),
    path("rounds/<int:round_id>/paper/", views.round_paper, name="round_paper"),
    path("rounds/<int:round_id>/paper/enter/", views.round_paper_entry,
         name="round_paper_entry"),
    path("rounds/<int:round_id>/status/", views.round_status, name="round_status"),
    path("rounds/<int:round_id>/results/", views.round_results_page, name="round_results"),
    path("rounds/<int:round_id>/actions/add/", views.action_add, name="action_add"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/delete/", views.action_delete, name="action_delete"),
    path("surveys/new/", survey_views.survey_create, name="survey_create"),
    path("surveys/<int:survey_id>/", survey_views.survey_detail, name="survey_detail"),
    path("surveys/<int:survey_id>/answer/", survey_views.survey_answer, name="survey_answer"),
    path("surveys/<int:survey_id>/links/", survey_views.survey_links, name="survey_links"),
    path("surveys/<int:survey_id>/links/<int:link_id>/send/", survey_views.survey_link_send,
         name="survey_link_send"),
    path("surveys/<int:survey_id>/paper/", survey_views.survey_paper, name="survey_paper"),
    path("surveys/<int:survey_id>/paper/enter/", survey_views.survey_paper_entry,
         name="survey_paper_entry"),
    path("surveys/<int:survey_id>/status/", survey_views.survey_status, name="survey_status"),
    path("surveys/<int:survey_id>/results/", survey_views.survey_results_page,
         name="survey_results"),
    # No login: the token is the key. Another organisation's token is 404 here.
    path("answer/<str:token>/", public_views.answer_link, name="answer_link"),
]
