"""The partner domain, one module per aggregate."""

from .areas import Area
from .audit import ExportRecord
from .cases import Case, CaseDeadline, CaseEvent, CaseStakeholder
from .collaborations import Collaboration, CollaborationPartner
from .contacts import Affiliation, Contact
from .documents import Document
from .events import Event, Invitation

# Derived tables and the meeting ↔ organisation link: importable from here, but not domain models of their own (no
# admin pages; see partners/reporting/figures.py and MeetingOrganisation).
from .figures import (  # noqa: F401
    FigureDimension,
    MeetingFigure,
    MeetingFigureDirtyDay,
    OrganisationMonth,
    OrganisationMonthDirty,
)
from .imports import ImportBatch
from .lookups import RegisterPermissions, Tag, Theme
from .meetings import (
    FollowUp,
    Meeting,
    MeetingArea,  # noqa: F401
    MeetingContact,  # noqa: F401
    MeetingOrganisation,  # noqa: F401
    MeetingStaff,  # noqa: F401
    MeetingTheme,  # noqa: F401
)
from .organisations import (
    Administration,
    Estate,
    HousingOrganisation,
    LocalOrganisation,
    Municipality,
    NationalPartner,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
)
from .personal_data import ErasedPerson, PersonalDataExport
from .preferences import TablePreference
from .reviews import CollaborationReview
from .submissions import SubmissionToken  # noqa: F401  (technical: the create forms' one-time tokens, no admin)

__all__ = [
    "Administration",
    "Affiliation",
    "Area",
    "Case",
    "CaseDeadline",
    "CaseEvent",
    "CaseStakeholder",
    "Collaboration",
    "CollaborationPartner",
    "CollaborationReview",
    "Contact",
    "Document",
    "ErasedPerson",
    "Estate",
    "Event",
    "ExportRecord",
    "FollowUp",
    "HousingOrganisation",
    "ImportBatch",
    "Invitation",
    "LocalOrganisation",
    "Meeting",
    "Municipality",
    "NationalPartner",
    "Organisation",
    "OrganisationAlias",
    "OrganisationKind",
    "PersonalDataExport",
    "RegisterPermissions",
    "TablePreference",
    "Tag",
    "Theme",
]
