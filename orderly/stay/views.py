"""The stay calculator page: needs no account, stores nothing, answers like the API and CLI."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from orderly.core.actors import request_actor
from orderly.core.errors import DomainError
from orderly.core.roles import Action
from orderly.stay.calculator import Question, calculate
from orderly.stay.forms import CalculatorForm, OverstayForm
from orderly.stay.packs_in_force import pack_in_force, pack_names
from orderly.stay.selectors import overstays_list

# Form fields by the calculator's field names, to put an error where it belongs.
_FORM_FIELD = {"stays": "stays", "planned_entry": "planned_entry", "planned_days": "planned_days",
               "nationality": "nationality", "pack": "pack", "as_of": "as_of"}  # fmt: skip


@require_safe
def calculator(request: HttpRequest) -> HttpResponse:
    """GET only: the question is in the address, so an answer can be bookmarked or shared."""
    packs = [(name, pack_in_force(name).pack.title) for name in pack_names()]
    asked = "as_of" in request.GET
    form = CalculatorForm(request.GET if asked else None, packs=packs)
    decision = None
    status = 200
    if asked and form.is_valid():
        try:
            decision = calculate(Question(**form.cleaned_data))
        except DomainError as problem:
            form.add_error(*_form_error(problem, form.line_of_stay))
            status = problem.status
    elif asked:
        status = 400
    notice = _notice(form["pack"].value(), [name for name, _ in packs])
    label = decision.status.value.replace("_", " ") if decision else ""
    context = {"form": form, "decision": decision, "status": label, "notice": notice}
    return render(request, "stay/calculator.html", context, status=status)


def _form_error(problem: DomainError, line_of_stay: list[int]) -> tuple[str | None, str]:
    """The form field a calculator error belongs to, and its message. A stay is named by its
    line in the box (``stays[1]``, the second stay, may be on line 3 after a blank line)."""
    name, _, index = problem.field.partition("[")
    message = problem.message
    if name == "stays" and index:
        message = f"line {line_of_stay[int(index.rstrip(']'))]}: {message}"
    return _FORM_FIELD.get(name), message


def _notice(chosen: str | None, names: list[str]) -> str:
    """The notice of the pack asked about; the first pack's until a known one is chosen (an
    unknown name is the form's error to show, not a reason to fail the page)."""
    if not names:
        return ""
    return pack_in_force(chosen if chosen in names else names[0]).pack.notice


PAGE = 100


@require_safe
def overstays(request: HttpRequest) -> HttpResponse:
    """Overstays as of a day, for supervisors and caseworkers, within their jurisdiction."""
    actor = request_actor(request)
    if actor.is_anonymous:
        return redirect_to_login(request.get_full_path())
    if not actor.may_somewhere(Action.OVERSTAY_LIST):
        return render(request, "stay/overstays_denied.html", status=403)
    form = OverstayForm(request.GET or None, initial={"as_of": timezone.localdate()})
    if request.GET and not form.is_valid():
        return render(request, "stay/overstays.html", {"form": form}, status=400)
    as_of: date = form.cleaned_data["as_of"] if request.GET else timezone.localdate()
    kind: str = (form.cleaned_data.get("kind") or "") if request.GET else ""
    page = _page_number(request.GET.get("page", "1"))
    listed = overstays_list(
        actor=actor,
        as_of=as_of,
        kind=kind or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    context = {"form": form, "listed": listed, "page": page, "kind": kind}
    return render(request, "stay/overstays.html", context)


def _page_number(text: str) -> int:
    return max(1, min(int(text), 100_000)) if text.isdigit() else 1
