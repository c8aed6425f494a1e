"""The border desk: read a document, see the traveller, record entry or exit in one action.

Views stay thin: reading the zone, identifying the holder, the history and the recording itself
belong to the registry's and the border's selectors and services. Without JavaScript every step
is a plain form post (POST-redirect-GET after recording); with htmx the same views answer with
the panel alone when the request carries ``HX-Request``, and the page swaps it in place.

Anything carrying a zone or a document number travels in a POST body, never in a URL.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from orderly.border import hooks
from orderly.border.forms import NEW_PERSON, DeskReadForm, DeskRecordForm
from orderly.border.models import Crossing, Outcome, Port, Purpose, Source
from orderly.border.rules.flags import FLAG_LABELS
from orderly.border.selectors import desk_ports, traveller_history
from orderly.border.services import Recorded, crossing_record_presented
from orderly.core.actors import request_actor
from orderly.core.errors import DomainError
from orderly.core.roles import Actor
from orderly.registry.models import SEX_CHOICES
from orderly.registry.reading import MrzRejected, facts_from_mrz, read_mrz
from orderly.registry.rules.documents import DocumentFacts
from orderly.registry.selectors import Identification, person_documents, traveller_identify

DESK_PORT = "desk.port"  # session: the port the officer chose last
CONFIRMATION = "desk.confirmation"  # session: the last recording, shown once after the redirect
VISA = (
    "This is a visa, which does not identify its holder: read the traveller's passport "
    "or identity card."
)

SEXES = dict(SEX_CHOICES)

DeskView = Callable[[HttpRequest, Actor, list[Port]], HttpResponse]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _to_login(request: HttpRequest) -> HttpResponse:
    """Signed out (or the session expired): to the sign-in page, and back to the desk after."""
    if _is_htmx(request):
        login = redirect_to_login(reverse("desk"))
        return HttpResponse(status=204, headers={"HX-Redirect": login["Location"]})
    return redirect_to_login(reverse("desk"))


def desk_view(view: DeskView) -> Callable[[HttpRequest], HttpResponse]:
    """Deny by default: the desk is for people who may record crossings at some port."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        actor = request_actor(request)
        if actor.is_anonymous:
            return _to_login(request)
        ports = desk_ports(actor)
        if not ports:
            return render(request, "border/desk_denied.html", status=403)
        return view(request, actor, ports)

    return wrapper


def _render(
    request: HttpRequest, panel: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """The whole page, or only the panel (and the status line) for htmx."""
    context = {"panel": f"border/_{panel}_panel.html", "confirmation": None, **context}
    template = "border/_partial.html" if _is_htmx(request) else "border/desk.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _chosen_port(request: HttpRequest, ports: list[Port]) -> str:
    """The port to preselect: the one chosen last in this session, or the officer's only one."""
    codes = [port.code for port in ports]
    remembered = request.session.get(DESK_PORT)
    if remembered in codes:
        return str(remembered)
    return codes[0] if len(codes) == 1 else ""


def _port(ports: list[Port], code: str) -> Port | None:
    return next((port for port in ports if port.code == code), None)


def _local_today(port: Port | None) -> date:
    """The calendar day at the port: it decides two-digit years and whether a document expired."""
    now = timezone.now()
    return (now.astimezone(ZoneInfo(port.timezone)) if port else now).date()


def _read_document(text: str, today: date) -> DocumentFacts:
    """The facts of a verified zone; a visa is refused, since it identifies no one on its own."""
    facts = facts_from_mrz(read_mrz(text, today=today))
    if not facts.identifies_holder:
        raise MrzRejected(VISA, errors=[{"field": "mrz", "message": VISA}])
    return facts


def _field_label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def _reject_zone(form: DeskReadForm, exc: DomainError) -> None:
    """Name every field of the zone that is wrong, in the officer's words."""
    if not isinstance(exc, MrzRejected):
        form.add_domain_error(exc)
        return
    for error in exc.errors:
        message = error["message"]
        if error["field"] != "mrz":
            message = f"{_field_label(error['field'])}: {message}"
        form.add_error("mrz", message)


@require_safe
@desk_view
def desk(request: HttpRequest, actor: Actor, ports: list[Port]) -> HttpResponse:
    """The desk, ready for the next traveller: the port, and an empty, focused MRZ box."""
    form = DeskReadForm(ports=ports, initial={"port": _chosen_port(request, ports)})
    confirmation = request.session.pop(CONFIRMATION, None)
    return _render(request, "read", {"form": form, "confirmation": confirmation})


@require_POST
@sensitive_post_parameters("mrz")
@desk_view
def read(request: HttpRequest, actor: Actor, ports: list[Port]) -> HttpResponse:
    """Read a scanned or pasted zone and show the traveller card, or say which field is wrong."""
    form = DeskReadForm(request.POST, ports=ports)
    if not form.is_valid():
        return _render(request, "read", {"form": form}, status=400)
    port = _port(ports, form.cleaned_data["port"])
    assert port is not None  # the form accepts only the officer's own ports
    request.session[DESK_PORT] = port.code
    try:
        facts = _read_document(form.cleaned_data["mrz"], _local_today(port))
        identification = traveller_identify(actor=actor, facts=facts)
    except DomainError as exc:
        _reject_zone(form, exc)
        return _render(request, "read", {"form": form}, status=exc.status)
    card = DeskRecordForm(
        candidates=identification.candidates,
        initial={
            "mrz": form.cleaned_data["mrz"],
            "port": port.code,
            "holder": NEW_PERSON,
            "idempotency_key": uuid.uuid4().hex,
            "purpose": Purpose.UNKNOWN,
        },
    )
    return _render(request, "card", _card_context(actor, port, identification, card))


@require_POST
@sensitive_post_parameters("mrz")
@desk_view
def record(request: HttpRequest, actor: Actor, ports: list[Port]) -> HttpResponse:
    """Record entry, exit or refused entry of the traveller on the card, exactly once."""
    port = _port(ports, request.POST.get("port", ""))
    reread = _reread(request, actor, ports, port)
    if isinstance(reread, HttpResponse):
        return reread
    facts, identification = reread
    form = DeskRecordForm(request.POST, candidates=identification.candidates)
    if not form.is_valid():
        context = _card_context(actor, port, identification, form)
        return _render(request, "card", context, status=400)
    try:
        recorded = crossing_record_presented(
            actor=actor,
            facts=facts,
            holder=form.chosen_holder(),
            request=form.crossing_request(source=Source.DESK),
        )
    except DomainError as exc:
        form.add_domain_error(exc)
        context = _card_context(actor, port, identification, form)
        return _render(request, "card", context, status=exc.status)
    return _recorded(request, ports, recorded)


def _reread(
    request: HttpRequest, actor: Actor, ports: list[Port], port: Port | None
) -> tuple[DocumentFacts, Identification] | HttpResponse:
    """Read the zone the card carries once more: a hidden field is still input from outside."""
    form = DeskReadForm(request.POST, ports=ports)
    form.is_valid()
    mrz = form.cleaned_data.get("mrz")
    if mrz is None:
        return _render(request, "read", {"form": form}, status=400)
    try:
        facts = _read_document(mrz, _local_today(port))
        return facts, traveller_identify(actor=actor, facts=facts)
    except DomainError as exc:
        _reject_zone(form, exc)
        return _render(request, "read", {"form": form}, status=exc.status)


def _recorded(request: HttpRequest, ports: list[Port], recorded: Recorded) -> HttpResponse:
    """Confirm, and be ready for the next traveller: the panel for htmx, else a redirect."""
    confirmation = _confirmation(recorded)
    request.session[DESK_PORT] = recorded.crossing.port.code
    if _is_htmx(request):
        form = DeskReadForm(ports=ports, initial={"port": recorded.crossing.port.code})
        return _render(request, "read", {"form": form, "confirmation": confirmation})
    request.session[CONFIRMATION] = confirmation
    return HttpResponse(status=303, headers={"Location": reverse("desk")})


def _confirmation(recorded: Recorded) -> dict[str, Any]:
    """What the officer reads after recording: who, what, where and when (local time)."""
    crossing = recorded.crossing
    refused = crossing.outcome == Outcome.REFUSED
    what = "Entry refused" if refused else f"{crossing.get_direction_display()} recorded"
    headline = (
        f"{what} for {crossing.person.display_name} at {crossing.port.code}, "
        f"{_local_time(crossing)} local"
    )
    if not recorded.created:
        headline = f"Already recorded, nothing new stored: {headline}"
    return {
        "headline": headline,
        "refused": refused,
        "reason": crossing.refusal_reason,
        "flags": _flag_labels(crossing),
    }


def _local_time(crossing: Crossing) -> str:
    return crossing.occurred_at.astimezone(ZoneInfo(crossing.port.timezone)).strftime("%H:%M")


def _flag_labels(crossing: Crossing) -> list[str]:
    return [FLAG_LABELS.get(flag, flag.replace("_", " ")) for flag in crossing.flags]


def _card_context(
    actor: Actor, port: Port | None, identification: Identification, form: DeskRecordForm
) -> dict[str, Any]:
    """The traveller card: the document as read, its holder or people who may be the holder."""
    facts = identification.facts
    person = identification.person
    history = traveller_history(actor=actor, person=person) if person else []
    return {
        "form": form,
        "port": port,
        "facts": facts,
        "expired": facts.is_expired_on(_local_today(port)),
        "person": person,
        "documents": person_documents(actor=actor, person=person) if person else [],
        "history": [(crossing, _flag_labels(crossing)) for crossing in history],
        "candidates": [
            (candidate, person_documents(actor=actor, person=candidate))
            for candidate in identification.candidates
        ],
        "sex": SEXES.get(facts.sex, facts.sex),
        "purposes": Purpose.choices,
        # What other contexts show about a known traveller (the stay decision, for one).
        "panels": hooks.traveller_panels(actor, person, port) if person and port else [],
    }
