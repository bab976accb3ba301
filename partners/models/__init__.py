"""The partner domain, one module per aggregate."""

from .areas import Area
from .collaborations import Collaboration, CollaborationPartner
from .contacts import Affiliation, Contact
from .events import Event, Invitation
from .figures import FigureDimension, MeetingFigure, MeetingFigureDirtyDay, OrganisationMonth, OrganisationMonthDirty
from .imports import ImportBatch
from .lookups import RegisterPermissions, Tag, Theme
from .meetings import FollowUp, Meeting
from .organisations import (
    Administration,
    Estate,
    HousingOrganisation,
    LocalOrganisation,
    Municipality,
    NationalPartner,
    Organisation,
    OrganisationKind,
)
from .preferences import TablePreference
from .reviews import CollaborationReview

__all__ = [
    "Administration",
    "Affiliation",
    "Area",
    "Collaboration",
    "CollaborationPartner",
    "CollaborationReview",
    "Contact",
    "Estate",
    "Event",
    "FigureDimension",
    "FollowUp",
    "HousingOrganisation",
    "ImportBatch",
    "Invitation",
    "LocalOrganisation",
    "Meeting",
    "MeetingFigure",
    "MeetingFigureDirtyDay",
    "Municipality",
    "NationalPartner",
    "Organisation",
    "OrganisationKind",
    "OrganisationMonth",
    "OrganisationMonthDirty",
    "RegisterPermissions",
    "TablePreference",
    "Tag",
    "Theme",
]
