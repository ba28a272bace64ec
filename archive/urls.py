from django.urls import path

from . import feeds, views

app_name = "archive"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/<slug:slug>/", views.issue_detail, name="issue"),
    path("issues/<slug:slug>/feed/", feeds.IssueExchanges(), name="issue_feed"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("positions/", views.positions, name="positions"),
    path("feed/", feeds.LatestExchanges(), name="feed"),
]
