"""Access control: every URL needs a login, and the role groups hold the intended permissions."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from partners.roles import DOMAIN_MODELS, MANAGEMENT, SECRETARIAT

# Views that must work without a login.
PUBLIC_URL_NAMES = {"login", "set_language", "healthz", "admin:login", "password_reset"}
LOGIN_PATHS = ("/login/", "/admin/login/")


def _sample_for_regex(regex: str) -> str:
    """A concrete path for a regex URL pattern: each group takes its first alternative, or '1'."""

    def group(match: re.Match) -> str:
        body = match.group(2)
        if body and re.fullmatch(r"[\w|-]+", body):
            return body.split("|")[0]
        sized = re.fullmatch(r"\[(.)[^\]]*\]\{(\d+)\}", body or "")
        if sized:  # e.g. [0-9a-f]{64}: the first character of the class, that many times
            return sized.group(1) * int(sized.group(2))
        return "1"

    path = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, regex)
    return path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _sample_for_route(route: str) -> str:
    samples = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000", "path": "x"}

    def group(match: re.Match) -> str:
        converter = match.group(1) or "str"
        return samples.get(converter, "1")

    return re.sub(r"<(?:(\w+):)?\w+>", group, route)


def iter_url_patterns(patterns=None, prefix="", namespace=""):
    """Yield (full_name, sample_path) for every URL pattern of the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        part = (
            _sample_for_route(str(pattern)) if hasattr(pattern, "_route") else _sample_for_regex(pattern.regex.pattern)
        )
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_url_patterns(entry.url_patterns, prefix + part, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", "/" + prefix + part


ALL_URLS = sorted(set(iter_url_patterns()))


def test_the_walk_finds_the_project_urls():
    names = {name for name, _ in ALL_URLS}
    assert {"home", "login", "admin:index", "admin:partners_organisation_changelist"} <= names
    assert len(ALL_URLS) > 50


@pytest.mark.parametrize(("name", "path"), ALL_URLS, ids=[f"{n}:{p}" for n, p in ALL_URLS])
@pytest.mark.django_db
def test_anonymous_request_is_sent_to_login(client, name, path):
    try:
        match = resolve(path)
    except Resolver404:
        pytest.fail(f"sample path {path} for {name} does not resolve: fix the sample generator")
    if name in PUBLIC_URL_NAMES or match.view_name in PUBLIC_URL_NAMES:
        return
    response = client.get(path)
    assert response.status_code == 302, f"{path} answered {response.status_code} to an anonymous user"
    assert response["Location"].startswith(LOGIN_PATHS), response["Location"]


def test_public_views_are_few_and_intended():
    public = {name for name, _ in ALL_URLS if name in PUBLIC_URL_NAMES}
    assert public <= PUBLIC_URL_NAMES


@pytest.mark.django_db
class TestRoleGroups:
    def perms(self, group_name: str) -> set[str]:
        group = Group.objects.get(name=group_name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    def test_secretariat_maintains_domain_data_and_imports(self):
        perms = self.perms(SECRETARIAT)
        for model in DOMAIN_MODELS:
            assert {f"partners.view_{model}", f"partners.add_{model}", f"partners.change_{model}"} <= perms
        assert {"partners.import_data", "partners.export_data"} <= perms
        assert "partners.view_dashboard" not in perms
        assert "partners.review_collaboration" not in perms

    def test_management_views_exports_and_reviews_and_edits_only_meetings_and_follow_ups(self):
        perms = self.perms(MANAGEMENT)
        assert {f"partners.view_{m}" for m in DOMAIN_MODELS} <= perms
        assert {"partners.export_data", "partners.review_collaboration", "partners.view_dashboard"} <= perms
        maintained = {p for p in perms if p.startswith(("partners.add_", "partners.change_", "partners.delete_"))}
        assert maintained == {f"partners.{a}_{m}" for a in ("add", "change") for m in ("meeting", "followup")}
        assert "partners.import_data" not in perms

    def test_users_get_the_permissions_of_their_group(self, staff_user, manager_user, plain_user):
        assert staff_user.has_perm("partners.add_meeting")
        assert not staff_user.has_perm("partners.view_dashboard")
        assert manager_user.has_perm("partners.view_dashboard")
        assert manager_user.has_perm("partners.add_meeting")
        assert not manager_user.has_perm("partners.add_organisation")
        assert not plain_user.has_perm("partners.view_organisation")

    def test_no_group_has_auth_administration(self):
        for group_name in (SECRETARIAT, MANAGEMENT):
            assert not {p for p in self.perms(group_name) if p.startswith("auth.")}
