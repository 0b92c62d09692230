from django.urls import path

from . import report_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", report_views.index, name="index"),
    path("reports/build/", report_views.build_view, name="build"),
    path("reports/publish/", report_views.publish_view, name="publish"),
    path("reports/publishing/<int:publication_id>/", report_views.publication,
         name="publication"),
    path("reports/governance/", report_views.governance, name="governance"),
    path("reports/evidence/", report_views.evidence, name="evidence"),
    path("reports/<int:report_id>/", report_views.published, name="published"),
    path("reports/<int:report_id>/share/", report_views.share_view, name="share"),
    path("reports/<int:report_id>/share/<int:share_id>/revoke/", report_views.revoke_view,
         name="revoke"),
    path("reports/shared/<str:share_token>/", report_views.shared, name="shared"),
]
