from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
