"""The meeting pages on the view-test harness: all five pages (follow-ups as an inline formset), export, import."""

from partners.models import Meeting
from partners.models.meetings import MeetingKind
from tests import factories
from tests.harness.views import PrimaryObjectViewTests, form_errors


def follow_ups(*rows, initial: int = 0) -> dict:
    """The follow-up formset's management form and one form per (text, owner, due date)."""
    data = {
        "follow_ups-TOTAL_FORMS": str(len(rows)),
        "follow_ups-INITIAL_FORMS": str(initial),
        "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "1000",
    }
    for index, (text, owner, due_date) in enumerate(rows):
        data.update(
            {
                f"follow_ups-{index}-text": text,
                f"follow_ups-{index}-owner": str(owner.pk),
                f"follow_ups-{index}-due_date": due_date,
            }
        )
    return data


class TestMeetings(PrimaryObjectViewTests):
    model = Meeting
    url_base = "meeting"
    factory = factories.MeetingFactory
    display_attr = "subject"
    form_data = {
        "starts_at": "2026-03-05T14:30",
        "kind": MeetingKind.MEETING,
        "subject": "Møde om tryghed i Gellerup",
        "minutes": "Gennemgang af tryghedsvandringen.",
    }
    edit_changes = {"subject": "Møde om tryghed i Gellerup og Toveshøj", "kind": MeetingKind.SITE_VISIT}
    import_key = "meetings"
    manager_views = frozenset({"list", "detail", "export", "add", "edit"})  # managers log meetings too

    list_query_budget = 7
    detail_query_budget = 15  # + the documents
    add_query_budget = 7
    edit_query_budget = 19  # + the cases shown in the form
    delete_query_budget = 13  # + the cases the deletion collects
    export_csv_query_budget = 13  # + the organisations and their other names, for unambiguous references
    export_xlsx_query_budget = 13  # + the organisations and their other names, for unambiguous references

    def create_object(self, *, user):
        """A meeting with an organisation, a contact and the staff member who held it, as a logged meeting has."""
        meeting = self.factory()
        meeting.organisations.add(factories.HousingOrganisationFactory())
        meeting.contacts.add(factories.ContactFactory())
        meeting.staff.add(user)
        factories.FollowUpFactory(meeting=meeting, owner=user)
        return meeting

    def get_form_data(self, *, user, obj=None) -> dict:
        if obj is not None:  # the meeting's own participants and follow-ups, as the edit form shows them
            tasks = list(obj.follow_ups.all())
            ids = {f"follow_ups-{i}-id": f.pk for i, f in enumerate(tasks)}
            return {
                **self.form_data,
                "organisations": [o.pk for o in obj.organisations.all()],
                "contacts": [c.pk for c in obj.contacts.all()],
                "staff": [user.pk],
                **follow_ups(*[(f.text, f.owner, f.due_date.isoformat()) for f in tasks], initial=len(tasks)),
                **ids,
            }
        organisation, contact = factories.HousingOrganisationFactory(), factories.ContactFactory()
        return {
            **self.form_data,
            "organisations": [organisation.pk],
            "contacts": [contact.pk],
            "staff": [user.pk],
            **follow_ups(("Send referatet til afdelingsbestyrelsen", user, "2026-03-19")),
        }

    def test_add_saves_the_follow_ups(self, staff_client, staff_user):
        response = staff_client.post(self.url("add"), self.get_form_data(user=staff_user))
        assert response.status_code == 302, form_errors(response)
        meeting = Meeting.objects.get()
        assert [(f.text, f.owner) for f in meeting.follow_ups.all()] == [
            ("Send referatet til afdelingsbestyrelsen", staff_user)
        ]
