from django.urls import path

from . import feeds, views
from .pagecache import cached_page

app_name = "archive"

# Every public page is cached whole until the archive changes (archive/pagecache.py).
urlpatterns = [
    path("", cached_page(views.timeline), name="timeline"),
    path("exchanges/<slug:slug>/", cached_page(views.exchange), name="exchange"),
    path("articles/<slug:slug>/", cached_page(views.article), name="article"),
    path("articles/<slug:slug>/cite/<str:fmt>/", views.cite, name="cite"),
    path("issues/", cached_page(views.issue_list), name="issues"),
    path("issues/<slug:slug>/", cached_page(views.issue_detail), name="issue"),
    path("issues/<slug:slug>/feed/", cached_page(feeds.IssueExchanges()), name="issue_feed"),
    path("actors/", cached_page(views.actor_list), name="actors"),
    path("actors/<slug:slug>/", cached_page(views.actor_detail), name="actor"),
    path("positions/", cached_page(views.positions), name="positions"),
    path("feed/", cached_page(feeds.LatestExchanges()), name="feed"),
    path("id/<str:public_id>/", views.by_identifier, name="identifier"),
    path("data/", cached_page(views.data), name="data"),
    path("data/datapackage.json", cached_page(views.datapackage), name="datapackage"),
    path("data/releases/<str:version>/<str:name>", views.release_file, name="release_file"),
]
