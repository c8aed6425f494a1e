"""Administration of agreements, mechanisms and projects, through the cooperation services.

Each form is checked by the same rules the services apply, so a bad deadline or date is a form
error naming its field; each save goes through a service, so it is audited. Nothing is deleted
here: a record that stops applying is given its end day.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pycountry
from django import forms
from django.contrib import admin
from django.http import HttpRequest

from orderly.cooperation.models import BilateralAgreement, CooperationProject, MultilateralMechanism
from orderly.cooperation.rules import AgreementTerms, MechanismTerms, ProjectTerms
from orderly.cooperation.rules.problems import URL_MAX
from orderly.cooperation.services import (
    AGREEMENT,
    MECHANISM,
    PROJECT,
    agreement_validate,
    bilateral_agreement_create,
    bilateral_agreement_end,
    bilateral_agreement_update,
    cooperation_project_create,
    cooperation_project_end,
    cooperation_project_update,
    mechanism_validate,
    multilateral_mechanism_create,
    multilateral_mechanism_end,
    multilateral_mechanism_update,
    project_validate,
)
from orderly.core.actors import request_actor
from orderly.core.admin import RoleAdminMixin
from orderly.core.errors import DomainError
from orderly.core.roles import Action


def _country_choices() -> list[tuple[str, str]]:
    names = ((c.alpha_3, getattr(c, "common_name", None) or c.name) for c in pycountry.countries)
    return [("", "---------")] + [
        (code, f"{name} ({code})") for code, name in sorted(names, key=lambda c: c[1])
    ]


def _currency_choices() -> list[tuple[str, str]]:
    currencies = sorted(pycountry.currencies, key=lambda c: c.alpha_3)
    return [("", "---------")] + [(c.alpha_3, f"{c.alpha_3} — {c.name}") for c in currencies]


class _CheckedForm(forms.ModelForm):
    """A model form that refuses what the service would refuse, on the field at fault."""

    fields_checked: tuple[str, ...] = ()
    # The facts the form's fields make, and the service's check of them, set by each form.
    terms: ClassVar[Callable[..., Any]]
    validate: ClassVar[staticmethod[[Any], None]]
    source_url = forms.URLField(
        required=False, max_length=URL_MAX, assume_scheme="https", label="Source URL"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:  # a field already refused: the facts cannot be weighed together yet
            return cleaned
        try:
            facts = self.facts({field: cleaned.get(field) for field in self.fields_checked})
            type(self).validate(type(self).terms(**_texts(facts)))
        except DomainError as problem:
            field = problem.field if problem.field in self.fields else None
            raise forms.ValidationError(
                {field: problem.message} if field else problem.message
            ) from None
        return cleaned

    def facts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The cleaned fields as the terms take them (a form whose fields differ says how)."""
        return cleaned


class AgreementForm(_CheckedForm):
    fields_checked = AGREEMENT.fields
    terms = AgreementTerms
    validate = staticmethod(agreement_validate)
    partner = forms.ChoiceField(choices=_country_choices, help_text="The other State")

    class Meta:
        model = BilateralAgreement
        fields = AGREEMENT.fields


class MechanismForm(_CheckedForm):
    fields_checked = MECHANISM.fields
    terms = MechanismTerms
    validate = staticmethod(mechanism_validate)

    class Meta:
        model = MultilateralMechanism
        fields = MECHANISM.fields


class ProjectForm(_CheckedForm):
    fields_checked = PROJECT.fields
    terms = ProjectTerms
    validate = staticmethod(project_validate)
    partners = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="One partner's name a line"
    )
    objectives = forms.CharField(help_text="GCM objective numbers, e.g. 5, 6, 18")
    currency = forms.ChoiceField(choices=_currency_choices, required=False)

    class Meta:
        model = CooperationProject
        fields = PROJECT.fields

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["partners"] = "\n".join(self.instance.partners)
            self.initial["objectives"] = ", ".join(str(n) for n in self.instance.objectives)

    def clean_partners(self) -> list[str]:
        lines = str(self.cleaned_data.get("partners", "")).splitlines()
        return [line.strip() for line in lines if line.strip()]

    def clean_objectives(self) -> list[int]:
        text = str(self.cleaned_data.get("objectives", ""))
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise forms.ValidationError("objectives are numbers 1 to 23, separated by commas")
        return sorted({int(part) for part in parts})

    def facts(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        partners, objectives = cleaned["partners"] or (), cleaned["objectives"] or ()
        return {**cleaned, "partners": tuple(partners), "objectives": tuple(objectives)}


def _texts(facts: dict[str, Any]) -> dict[str, Any]:
    """Empty optional texts as the services take them: "" rather than None."""
    return {
        field: "" if value is None and field in _TEXTS else value for field, value in facts.items()
    }


_TEXTS = frozenset({"source_url", "description", "summary", "currency"})


def _changes(form: forms.ModelForm) -> dict[str, Any]:
    return {field: form.cleaned_data[field] for field in form.changed_data}


def _only_ended(form: forms.ModelForm, field: str) -> bool:
    """True when the one change is a first end day: recorded as an end, not an edit."""
    return form.changed_data == [field] and not form.initial.get(field)


@admin.register(BilateralAgreement)
class BilateralAgreementAdmin(RoleAdminMixin, admin.ModelAdmin):
    action = Action.COOPERATION_MANAGE
    form = AgreementForm
    list_display = (
        "partner",
        "title",
        "kind",
        "signed_on",
        "in_force_on",
        "ended_on",
        "notification_hours",
        "notification_mandatory",
    )
    list_filter = ("kind", "notification_mandatory")
    search_fields = ("partner", "title", "source")
    date_hierarchy = "signed_on"

    def save_model(
        self, request: HttpRequest, obj: BilateralAgreement, form: Any, change: bool
    ) -> None:
        actor = request_actor(request)
        if not change:
            facts = {field: form.cleaned_data[field] for field in AGREEMENT.fields}
            obj.pk = bilateral_agreement_create(actor=actor, **_texts(facts)).pk
        elif _only_ended(form, "ended_on"):
            bilateral_agreement_end(
                actor=actor, agreement=obj, ended_on=form.cleaned_data["ended_on"]
            )
        elif form.changed_data:
            bilateral_agreement_update(actor=actor, agreement=obj, **_texts(_changes(form)))


@admin.register(MultilateralMechanism)
class MultilateralMechanismAdmin(RoleAdminMixin, admin.ModelAdmin):
    action = Action.COOPERATION_MANAGE
    form = MechanismForm
    list_display = ("name", "kind", "role", "joined_on", "ended_on")
    list_filter = ("kind", "role")
    search_fields = ("name", "description", "source")

    def save_model(
        self, request: HttpRequest, obj: MultilateralMechanism, form: Any, change: bool
    ) -> None:
        actor = request_actor(request)
        if not change:
            facts = {field: form.cleaned_data[field] for field in MECHANISM.fields}
            obj.pk = multilateral_mechanism_create(actor=actor, **_texts(facts)).pk
        elif _only_ended(form, "ended_on"):
            multilateral_mechanism_end(
                actor=actor, mechanism=obj, ended_on=form.cleaned_data["ended_on"]
            )
        elif form.changed_data:
            multilateral_mechanism_update(actor=actor, mechanism=obj, **_texts(_changes(form)))


@admin.register(CooperationProject)
class CooperationProjectAdmin(RoleAdminMixin, admin.ModelAdmin):
    action = Action.COOPERATION_MANAGE
    form = ProjectForm
    list_display = ("title", "funding_kind", "funder", "starts_on", "ends_on")
    list_filter = ("funding_kind",)
    search_fields = ("title", "funder", "summary", "source")

    def save_model(
        self, request: HttpRequest, obj: CooperationProject, form: Any, change: bool
    ) -> None:
        actor = request_actor(request)
        if not change:
            facts = {field: form.cleaned_data[field] for field in PROJECT.fields}
            obj.pk = cooperation_project_create(actor=actor, **_texts(facts)).pk
        elif _only_ended(form, "ends_on"):
            cooperation_project_end(actor=actor, project=obj, ends_on=form.cleaned_data["ends_on"])
        elif form.changed_data:
            cooperation_project_update(actor=actor, project=obj, **_texts(_changes(form)))
