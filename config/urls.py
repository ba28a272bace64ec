from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from archive import api, views

admin.site.site_header = "Song Phương"
admin.site.site_title = "Song Phương"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    # The query API (archive/api.py): the same filters as the pages, one address in every language.
    path("api/exchanges", api.exchanges, name="api_exchanges"),
    path("api/statements", api.statements, name="api_statements"),
]
# The public archive: Vietnamese at /…, English at /en/…; every path is cited, so none may change.
urlpatterns += i18n_patterns(path("", include("archive.urls")), prefix_default_language=False)
