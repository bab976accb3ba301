"""What the resources of several entities share: date formats, the Danish words for organisation kinds, headings."""

from ...models.organisations import OrganisationKind

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"
NEW_YEAR_TAG = "nytårskur"  # the tag the contact list's "Inviter til nytårskur" column sets or removes

KIND_WORDS = {
    "kommune": OrganisationKind.MUNICIPALITY,
    "forvaltning": OrganisationKind.ADMINISTRATION,
    "magistratsafdeling": OrganisationKind.ADMINISTRATION,
    "kommunal forvaltning": OrganisationKind.ADMINISTRATION,
    "boligorganisation": OrganisationKind.HOUSING_ORGANISATION,
    "boligforening": OrganisationKind.HOUSING_ORGANISATION,
    "boligselskab": OrganisationKind.HOUSING_ORGANISATION,
    "afdeling": OrganisationKind.ESTATE,
    "boligafdeling": OrganisationKind.ESTATE,
    "landsdækkende partner": OrganisationKind.NATIONAL_PARTNER,
    "national partner": OrganisationKind.NATIONAL_PARTNER,
    "landsorganisation": OrganisationKind.NATIONAL_PARTNER,
    "lokal organisation": OrganisationKind.LOCAL_ORGANISATION,
    "lokal partner": OrganisationKind.LOCAL_ORGANISATION,
}
TAG_ALIASES = ("Tags", "Tag", "Emneord", "Nøgleord")
OWNER_ALIASES = ("Relationsejer", "Ejer", "Kontaktansvarlig")
NOTES_ALIASES = ("Noter", "Note", "Bemærkninger", "Kommentar")
EMAIL_ALIASES = ("E-mail", "Email", "Mail", "E-mailadresse", "Mailadresse")
PHONE_ALIASES = ("Telefon", "Tlf", "Tlf.", "Telefonnummer", "Mobil")
