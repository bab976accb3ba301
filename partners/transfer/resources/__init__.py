"""django-import-export resources: the columns of every export and every import.

Headers are the fields' Danish (or English) names, so a file opens readably in Excel and goes back in unchanged; an
import also accepts the field names and the Danish headings staff write themselves (``aliases``).

Each import resource says how a row finds the record it is about (``find_by_key``: natural keys; the ID column is read once, in the base), what it looks up
(``prepare``), what it reads besides plain fields (``import_relations``), which database constraints it checks in
memory (``validate_row``) and how it writes in bulk (``write_created``/``write_updated``); the machinery they share
is ``partners.transfer.base.ImportResource``, the widgets are in ``partners.transfer.widgets``. One module per entity.
"""

from .areas import AreaResource
from .collaborations import CollaborationResource
from .contacts import ContactResource
from .events import EventResource, InvitationResource
from .meetings import FollowUpResource, MeetingResource
from .organisations import OrganisationResource

__all__ = [
    "AreaResource",
    "CollaborationResource",
    "ContactResource",
    "EventResource",
    "FollowUpResource",
    "InvitationResource",
    "MeetingResource",
    "OrganisationResource",
]
