"""The editors' admin in the editor's own language.

The public pages take their language from the URL (Vietnamese at /…, English at /en/…), so Django's
LocaleMiddleware gives every unprefixed path, /admin/ included, the default language. The admin has
no prefix to carry: there the language comes from the editor's browser (the language cookie, then
Accept-Language), Vietnamese when it asks for neither.
"""
from django.utils import translation

ADMIN_PREFIX = "/admin/"


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
