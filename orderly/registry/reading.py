"""Reading a presented document: from MRZ text to the facts the registry stores."""

from __future__ import annotations

from datetime import date

from orderly.core.errors import InvalidInput
from orderly.registry.rules.documents import DocumentFacts
from orderly.registry.rules.mrz import Mrz, NotAnMrz, parse_mrz


class MrzRejected(InvalidInput):
    """An MRZ that could not be read or did not verify, with every field at fault."""

    def __init__(self, message: str, *, errors: list[dict[str, str]]) -> None:
        super().__init__(message, field="mrz")
        self.errors = errors


def read_mrz(text: str, *, today: date) -> Mrz:
    """Parse and verify; refuse anything that is not a valid MRZ, saying which field is wrong."""
    try:
        mrz = parse_mrz(text, today=today)
    except NotAnMrz as exc:
        raise MrzRejected(
            f"not a machine-readable zone: {exc}", errors=[{"field": "mrz", "message": str(exc)}]
        ) from exc
    if not mrz.valid:
        errors = [{"field": e.field, "message": e.message} for e in mrz.errors]
        raise MrzRejected("; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)
    return mrz


def facts_from_mrz(mrz: Mrz) -> DocumentFacts:
    """The registry's view of a verified MRZ."""
    return DocumentFacts(
        document_type=mrz.document_type,
        issuing_state=mrz.issuing_state,
        number=mrz.document_number,
        expiry_date=date.fromisoformat(mrz.expiry_date) if mrz.expiry_date else None,
        surname=mrz.surname,
        given_names=mrz.given_names,
        date_of_birth=mrz.date_of_birth,
        sex=mrz.sex,
        nationality=mrz.nationality,
    )
