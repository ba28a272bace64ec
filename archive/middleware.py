"""A database outage answered with a friendly 503 page instead of a server error."""
import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Seconds a client (or a crawler) is asked to wait before trying again.
RETRY_AFTER = 30


def unavailable_response():
    # No request and so no context processors: the page must not touch the database it reports as down.
    html = render_to_string("503.html")
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    # A momentary outage must not be remembered by a shared cache or the browser.
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn OperationalError / InterfaceError raised by a view into the 503 page with Retry-After.

    OperationalError is what a server that is down or refusing connections raises; InterfaceError
    what a connection that broke mid-request raises. Any other error stays a 500. Django closes the
    broken connection at the end of the request, and CONN_HEALTH_CHECKS makes the next request
    reconnect, so the site recovers on its own once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming and response.status_code == 200:
            # A streamed export reads the database only while its body is sent, when the status can
            # no longer change: one trivial query first, so that an outage is a 503, not a cut-off file.
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except (OperationalError, InterfaceError) as exc:
                if hasattr(response, "close"):
                    response.close()
                return self.process_exception(request, exc)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable for %s: %s", request.path, exception)
            return unavailable_response()
        return None
