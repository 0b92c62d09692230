from django.urls import path

from . import meeting_views, views

app_name = "projects"
urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/add/", views.project_add, name="add"),
    path("projects/calendar/", views.my_calendar, name="my_calendar"),
    path("projects/calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("projects/from-voice/<int:voice_id>/", views.project_from_voice, name="from_voice"),
    path("projects/<int:project_id>/", views.project_detail, name="detail"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="edit"),
    path("projects/<int:project_id>/print/", views.boundaries_print, name="print"),
    path("projects/<int:project_id>/phases/add/", views.phase_add, name="phase_add"),
    path("projects/<int:project_id>/phases/<int:phase_id>/roles/add/", views.role_add,
         name="role_add"),
    path("projects/<int:project_id>/boundaries/add/", views.boundary_add, name="boundary_add"),
    path("projects/<int:project_id>/boundaries/<int:boundary_id>/", views.boundary_edit,
         name="boundary_edit"),
    path("projects/<int:project_id>/journey/add/", views.journey_add, name="journey_add"),
    path("projects/<int:project_id>/meetings/add/", views.meeting_add, name="meeting_add"),
    path("projects/<int:project_id>/meetings/<int:meeting_id>/", views.meeting_detail,
         name="meeting"),
    path("projects/<int:project_id>/meetings/<int:meeting_id>/edit/", views.meeting_add,
         name="meeting_edit"),
    path("projects/<int:project_id>/meetings/<int:meeting_id>/agenda.pdf", views.meeting_agenda,
         name="agenda"),
    path("projects/<int:project_id>/meetings/<int:meeting_id>/invite/",
         meeting_views.meeting_invite, name="invite"),
    path("projects/<int:project_id>/meetings/<int:meeting_id>/reply/",
         meeting_views.meeting_reply, name="reply"),
    path("projects/<int:project_id>/meetings/<int:meeting_id>/attendance/",
         meeting_views.meeting_attendance, name="attendance"),
    path("meetings/reply/<str:rsvp_token>/", meeting_views.rsvp, name="rsvp"),
    path("projects/<int:project_id>/decisions/add/", views.decision_add, name="decision_add"),
]
