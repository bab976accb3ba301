from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET
from django.views.i18n import set_language


@require_GET
@login_not_required
def healthz(request):
    """Liveness probe for the load balancer: no database access, no login."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Everyone changes their own password (issue 18); an administrator sets a forgotten one in the admin.
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The language switch is offered on the login page too, before anyone is logged in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("partners.urls")),
]
