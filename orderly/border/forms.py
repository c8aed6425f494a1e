"""Forms of the border desk: reading a document, and recording what the officer decided.

They check the shape of the input only. Whether the officer may record at a port, and whether a
crossing makes sense, is for ``border.services`` to decide, so the desk and the API agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from orderly.border.models import Direction, Outcome, Port, Purpose
from orderly.border.services import CrossingRequest
from orderly.core.errors import DomainError
from orderly.registry.models import Person

# The longest zone (TD3, 2 x 44) with line breaks and the spaces people type is far shorter.
MRZ_MAX_CHARS = 400
REASON_MAX_CHARS = 300
NEW_PERSON = "new"

ENTRY, EXIT, REFUSE = "entry", "exit", "refuse"
# Enter pressed in a field: the browser "clicks" the form's first submit button, which says so.
IMPLICIT = "implicit"
ACTIONS = {
    ENTRY: (Direction.ENTRY, Outcome.ADMITTED),
    EXIT: (Direction.EXIT, Outcome.ADMITTED),
    REFUSE: (Direction.ENTRY, Outcome.REFUSED),
}

# Service error fields -> the desk form field that carries them.
SERVICE_FIELDS = {"holder_id": "holder", "direction": "action", "outcome": "action"}


def _mrz_field(widget: type[forms.Widget]) -> forms.CharField:
    return forms.CharField(
        label="Machine-readable zone",
        max_length=MRZ_MAX_CHARS,
        widget=widget,
        error_messages={
            "required": "Scan the document, or type or paste its machine-readable zone.",
            "max_length": (
                "This is too long for a machine-readable zone: at most %(limit_value)d "
                "characters, and it has %(show_value)d."
            ),
        },
    )


class DeskReadForm(forms.Form):
    """The port the officer works at, and the zone scanned or pasted from a document."""

    port = forms.ChoiceField(
        label="Port",
        error_messages={
            "required": "Choose the port you are working at.",
            "invalid_choice": "Choose one of your own ports.",
        },
    )
    mrz = _mrz_field(forms.Textarea)

    def __init__(self, *args: Any, ports: Sequence[Port], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ports = list(ports)
        port_field = self.fields["port"]
        assert isinstance(port_field, forms.ChoiceField)
        port_field.choices = [(port.code, f"{port.code} — {port.name}") for port in self.ports]

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a refusal from a selector or service on the field it names."""
        self.add_error("port" if exc.field == "port" else "mrz", exc.message)


class DeskRecordForm(forms.Form):
    """What the officer does with the traveller on the card: one action, exactly once."""

    mrz = _mrz_field(forms.HiddenInput)
    port = forms.CharField(label="Port", max_length=16, widget=forms.HiddenInput)
    idempotency_key = forms.RegexField(
        label="Reading",
        regex=r"^[A-Za-z0-9_-]{8,64}$",
        widget=forms.HiddenInput,
        error_messages={
            "required": "This reading has no key; read the document again.",
            "invalid": "This reading has a broken key; read the document again.",
        },
    )
    holder = forms.ChoiceField(
        label="Same person?",
        required=False,
        error_messages={"invalid_choice": "Choose one of the people proposed, or a new person."},
    )
    purpose = forms.ChoiceField(
        label="Purpose of travel",
        choices=Purpose.choices,
        initial=Purpose.UNKNOWN,
        error_messages={"invalid_choice": "Choose a purpose of travel from the list."},
    )
    refusal_reason = forms.CharField(
        label="Reason for refusal",
        required=False,
        max_length=REASON_MAX_CHARS,
    )
    action = forms.ChoiceField(
        label="Action",
        choices=[
            (ENTRY, "Record entry"),
            (EXIT, "Record exit"),
            (REFUSE, "Refuse entry"),
            (IMPLICIT, "Enter key"),
        ],
        error_messages={
            "required": "Choose Record entry (E), Record exit (X) or Refuse entry (R).",
            "invalid_choice": "Choose Record entry (E), Record exit (X) or Refuse entry (R).",
        },
    )

    def __init__(self, *args: Any, candidates: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(person.pk): person for person in candidates}
        holder_field = self.fields["holder"]
        assert isinstance(holder_field, forms.ChoiceField)
        holder_field.choices = [(NEW_PERSON, "A new person")] + [
            (key, person.display_name) for key, person in self.candidates.items()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        reason = (cleaned.get("refusal_reason") or "").strip()
        if action == IMPLICIT:
            # Enter in the reason field means "refuse with this reason"; elsewhere it means nothing.
            if not reason:
                self.add_error("action", self.fields["action"].error_messages["required"])
                return cleaned
            cleaned["action"] = action = REFUSE
        if action == REFUSE and not reason:
            self.add_error("refusal_reason", "Give the reason for refusing entry.")
        return cleaned

    def chosen_holder(self) -> Person | None:
        """The known person the officer chose as this document's holder; None: a new person."""
        return self.candidates.get(self.cleaned_data.get("holder") or NEW_PERSON)

    def crossing_request(self, *, source: str) -> CrossingRequest:
        """The crossing to record, from a valid form."""
        direction, outcome = ACTIONS[self.cleaned_data["action"]]
        return CrossingRequest(
            port_code=self.cleaned_data["port"],
            direction=direction,
            outcome=outcome,
            purpose=self.cleaned_data["purpose"],
            refusal_reason=self.cleaned_data["refusal_reason"].strip(),
            idempotency_key=self.cleaned_data["idempotency_key"],
            source=source,
        )

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a refusal from a service on the form field it names (or on the whole form)."""
        field = SERVICE_FIELDS.get(exc.field, exc.field)
        self.add_error(field if field in self.fields else None, _friendly(exc))


def _friendly(exc: DomainError) -> str:
    if exc.field == "idempotency_key":
        # The officer sees a reading of a document, not a key.
        return (
            "This reading was already recorded as a different crossing. "
            "Read the document again to record another."
        )
    return exc.message[:1].upper() + exc.message[1:] + ("" if exc.message.endswith(".") else ".")
