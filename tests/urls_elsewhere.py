"""A URLconf that serves the public pages under /elsewhere/: a test overrides ROOT_URLCONF with it."""
from django.urls import include, path

urlpatterns = [path("elsewhere/", include("archive.urls"))]
