"""The list bench's case builder and report on a tiny register: every registry list is measured, with its filters and
sorts, and the output ends with the two summary lines (``bench/list_bench.py``)."""

import io
import sys
from pathlib import Path

import pytest
from django.test import Client

from partners import registry
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import list_bench


@pytest.fixture
def bench_client(db):
    organisation = factories.HousingOrganisationFactory(name="Boligforeningen Ungdomsbyen")
    contact = factories.ContactFactory()
    factories.AffiliationFactory(contact=contact, organisation=organisation)
    meeting = factories.MeetingFactory(subject="Helhedsplanen for Gellerup")
    meeting.organisations.add(organisation)
    meeting.contacts.add(contact)
    factories.FollowUpFactory(meeting=meeting)
    factories.InvitationFactory(contact=contact)
    factories.AreaFactory()
    factories.CollaborationFactory()
    factories.TagFactory()
    factories.ThemeFactory()
    client = Client()
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    return client


def test_cases_cover_every_list_its_filters_and_sorts_and_the_report_ends_with_the_summary(bench_client):
    cases = list_bench.build_cases(bench_client)
    names = [case.name for case in cases]
    for entity in registry.entities():
        if "list" in entity.views:
            assert entity.key in names
            assert any(name.startswith(f"{entity.key} sort=-") for name in names), entity.key
            assert f"{entity.key} last page" in names and f"{entity.key} per_page=250" in names
    assert "invitations" in names and "organisations tab kind=estate" in names
    for filtered in ("meetings q=common", "meetings q=misspelt", "meetings kind=site_visit", "organisations tags"):
        assert filtered in names, filtered
    assert any(name.startswith("meetings starts_at") for name in names)
    assert "organisations no_meeting_since a year ago" in names
    assert {"coverage", "check-in search", "invite preview all contacts", "dashboard", "year report"} <= set(names)
    assert "autocomplete organisations" in names and "largest organisation" in names

    chosen = [case for case in cases if case.name in ("meetings", "meetings sort=-starts_at", "dashboard")]
    results = list_bench.run(bench_client, chosen, runs=1)
    assert all(result.queries > 0 and not result.mark for result in results), [(r.queries, r.mark) for r in results]
    out = io.StringIO()
    list_bench.report(results, out=out)
    last = out.getvalue().splitlines()[-2:]
    assert last[0].startswith("list_cases_over_budget=") and last[1].startswith("list_worst_ms=")
