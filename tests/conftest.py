import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from partners.roles import MANAGEMENT, SECRETARIAT


def _user_in_group(username: str, group_name: str | None, **extra):
    user = get_user_model().objects.create_user(username=username, password="test-pass-123", **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staff_user(db):
    return _user_in_group("medarbejder", SECRETARIAT, first_name="Test", last_name="Medarbejder")


@pytest.fixture
def manager_user(db):
    return _user_in_group("leder", MANAGEMENT, first_name="Test", last_name="Leder")


@pytest.fixture
def plain_user(db):
    """A logged-in user with no role: may see nothing."""
    return _user_in_group("uden_rolle", None)


# Each role gets its own client, so a test can use several roles side by side.
@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def manager_client(manager_user):
    client = Client()
    client.force_login(manager_user)
    return client
