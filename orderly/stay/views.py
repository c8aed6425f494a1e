"""The stay calculator page: needs no account, stores nothing, answers like the API and CLI."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orderly.core.errors import DomainError
from orderly.stay.calculator import Question, calculate
from orderly.stay.forms import CalculatorForm
from orderly.stay.packs_in_force import pack_in_force, pack_names

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
            field = _FORM_FIELD.get(problem.field.split("[")[0])
            form.add_error(field, problem.message)
            status = problem.status
    elif asked:
        status = 400
    notice = _notice(form["pack"].value(), [name for name, _ in packs])
    label = decision.status.value.replace("_", " ") if decision else ""
    context = {"form": form, "decision": decision, "status": label, "notice": notice}
    return render(request, "stay/calculator.html", context, status=status)


def _notice(chosen: str | None, names: list[str]) -> str:
    """The notice of the pack asked about; the first pack's until a known one is chosen (an
    unknown name is the form's error to show, not a reason to fail the page)."""
    if not names:
        return ""
    return pack_in_force(chosen if chosen in names else names[0]).pack.notice
