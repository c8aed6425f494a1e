"""The stay calculator's form: plain fields, errors named per field."""

from __future__ import annotations

from typing import Any

from django import forms

from orderly.core.errors import InvalidInput
from orderly.stay.calculator import MAX_STAYS, PastStay, parse_stay


class CalculatorForm(forms.Form):
    pack = forms.ChoiceField(label="Rules of")
    nationality = forms.RegexField(
        regex=r"^[A-Za-z]{3}$",
        required=False,
        label="Nationality (optional)",
        help_text="Three letters as on a passport, e.g. USA",
        error_messages={"invalid": "Use three letters, e.g. USA."},
    )
    as_of = forms.DateField(label="Day of control", help_text="YYYY-MM-DD")
    stays = forms.CharField(
        required=False,
        strip=False,  # a blank first line is still line 1 of the box; each line is stripped
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Past stays, one a line",
        help_text="ENTRY:EXIT as YYYY-MM-DD:YYYY-MM-DD; leave EXIT empty if still there.",
    )
    planned_entry = forms.DateField(required=False, label="Planned entry (optional)")
    planned_days = forms.IntegerField(
        required=False, min_value=1, max_value=3660, label="Planned days (optional)"
    )

    def __init__(self, *args: Any, packs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pack = self.fields["pack"]
        assert isinstance(pack, forms.ChoiceField)
        pack.choices = packs
        # The line of the box each stay came from, in order: errors about a stay name its line.
        self.line_of_stay: list[int] = []

    def clean_nationality(self) -> str | None:
        value = self.cleaned_data.get("nationality") or ""
        return value.upper() or None

    def clean_stays(self) -> tuple[PastStay, ...]:
        # Numbered as the box shows them, blank lines included, so "line 3" is the third line
        # the person sees.
        lines = [
            (n, line.strip())
            for n, line in enumerate(self.cleaned_data.get("stays", "").splitlines(), start=1)
            if line.strip()
        ]
        if len(lines) > MAX_STAYS:
            raise forms.ValidationError(f"At most {MAX_STAYS} stays.")
        self.line_of_stay = [n for n, _ in lines]
        try:
            return tuple(parse_stay(line, f"line {n}") for n, line in lines)
        except InvalidInput as problem:
            raise forms.ValidationError(f"{problem.field}: {problem.message}") from None


class OverstayForm(forms.Form):
    as_of = forms.DateField(label="As of", help_text="YYYY-MM-DD")
    kind = forms.ChoiceField(
        required=False,
        label="Which",
        choices=[
            ("", "All overstays"),
            ("in_country", "Suspected in-country (no exit recorded)"),
            ("out_of_country", "Out-of-country (left after the last lawful day)"),
        ],
    )
