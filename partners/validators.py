"""Validators for Danish identifiers."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Weights of the CVR modulus-11 check (the Danish Business Authority's rule).
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
CVR_PATTERN = r"^[1-9][0-9]{7}$"


def cvr_is_valid(value: str) -> bool:
    """True when ``value`` is eight digits, not starting with 0, that pass the modulus-11 check."""
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0


def validate_cvr(value: str) -> None:
    if not cvr_is_valid(value):
        raise ValidationError(
            _("A CVR number is eight digits with a valid check digit (e.g. 55133018)."),
            code="invalid_cvr",
        )


validate_municipality_code = RegexValidator(
    r"^[0-9]{3}$", _("A municipality code (kommunekode) is three digits, e.g. 751."), code="invalid_code"
)
