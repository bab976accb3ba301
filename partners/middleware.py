from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Danish unless the user chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so a Danish office PC with an
    English Windows would get the English interface. Here only the explicit choice (the language cookie) counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForSignedInMiddleware:
    """A page or file shown to a signed-in user holds personal data: no browser or proxy may keep a copy
    (``Cache-Control: no-store``, Django's ``never_cache`` headers). Static files (whitenoise) are served before this
    and stay cacheable; the login page is not personal and is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
