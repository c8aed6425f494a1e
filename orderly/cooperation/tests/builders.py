"""Cooperation records the tests start from, created by the administrator through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from orderly.cooperation.models import BilateralAgreement, CooperationProject, MultilateralMechanism
from orderly.cooperation.services import (
    bilateral_agreement_create,
    cooperation_project_create,
    multilateral_mechanism_create,
)
from orderly.core.roles import Actor

CHINA_CONSULAR: dict[str, Any] = {
    "partner": "CHN",
    "title": "Consular Convention between Utopia and the People's Republic of China",
    "kind": "consular",
    "signed_on": date(2014, 3, 12),
    "in_force_on": date(2015, 1, 19),
    "notification_hours": 96,
    "notification_mandatory": True,
    "source": "Utopia Treaty Series 2015, No. 4",
}
BALI_PROCESS: dict[str, Any] = {
    "name": "Bali Process",
    "kind": "regional_consultative_process",
    "role": "member",
    "joined_on": date(2002, 2, 28),
    "source": "Co-Chairs' Statement, First Bali Regional Ministerial Conference, 2002",
    "source_url": "https://www.baliprocess.net",
}
DATA_PROJECT: dict[str, Any] = {
    "title": "Better labour migration data",
    "partners": ["Department of Foreign Employment of Nepal", "UNOSSC"],
    "funding_kind": "south_south_fund",
    "funder": "Pérez-Guerrero Trust Fund for South-South Cooperation",
    "amount": Decimal("350000"),
    "currency": "USD",
    "starts_on": date(2024, 3, 1),
    "ends_on": date(2026, 2, 28),
    "objectives": [6, 1, 5, 5],
    "source": "Project document",
}


def agreement(actor: Actor, **changes: Any) -> BilateralAgreement:
    return bilateral_agreement_create(actor=actor, **{**CHINA_CONSULAR, **changes})


def mechanism(actor: Actor, **changes: Any) -> MultilateralMechanism:
    return multilateral_mechanism_create(actor=actor, **{**BALI_PROCESS, **changes})


def project(actor: Actor, **changes: Any) -> CooperationProject:
    return cooperation_project_create(actor=actor, **{**DATA_PROJECT, **changes})
