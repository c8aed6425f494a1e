"""The kinds of agreements, mechanisms, roles and funding the cooperation records know, with the
labels people read. The models' choices are built from these, so the two never drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

Kind = TypeVar("Kind", bound=StrEnum)


class AgreementKind(StrEnum):
    CONSULAR = "consular"
    READMISSION = "readmission"
    LABOUR_MOBILITY = "labour_mobility"
    VISA_WAIVER = "visa_waiver"
    SOCIAL_SECURITY = "social_security"
    OTHER = "other"


AGREEMENT_KIND_LABELS: dict[AgreementKind, str] = {
    AgreementKind.CONSULAR: "Consular agreement",
    AgreementKind.READMISSION: "Readmission",
    AgreementKind.LABOUR_MOBILITY: "Labour mobility",
    AgreementKind.VISA_WAIVER: "Visa waiver",
    AgreementKind.SOCIAL_SECURITY: "Social security",
    AgreementKind.OTHER: "Other",
}


class MechanismKind(StrEnum):
    REGIONAL_CONSULTATIVE_PROCESS = "regional_consultative_process"
    GLOBAL_FORUM = "global_forum"
    UN_NETWORK = "un_network"
    INTER_REGIONAL_FORUM = "inter_regional_forum"
    OTHER = "other"


MECHANISM_KIND_LABELS: dict[MechanismKind, str] = {
    MechanismKind.REGIONAL_CONSULTATIVE_PROCESS: "Regional consultative process",
    MechanismKind.GLOBAL_FORUM: "Global forum",
    MechanismKind.UN_NETWORK: "UN network",
    MechanismKind.INTER_REGIONAL_FORUM: "Inter-regional forum",
    MechanismKind.OTHER: "Other",
}


class ParticipationRole(StrEnum):
    """What the State is in a mechanism."""

    MEMBER = "member"
    OBSERVER = "observer"
    CHAIR = "chair"
    CO_CHAIR = "co_chair"
    # A State that volunteers to lead by example in implementing the GCM (UN Network on Migration).
    CHAMPION = "champion"
    PARTNER = "partner"


PARTICIPATION_ROLE_LABELS: dict[ParticipationRole, str] = {
    ParticipationRole.MEMBER: "Member",
    ParticipationRole.OBSERVER: "Observer",
    ParticipationRole.CHAIR: "Chair",
    ParticipationRole.CO_CHAIR: "Co-chair",
    ParticipationRole.CHAMPION: "Champion country",
    ParticipationRole.PARTNER: "Partner",
}


class FundingKind(StrEnum):
    SOUTH_SOUTH_FUND = "south_south_fund"
    BILATERAL_ODA = "bilateral_oda"
    IOM_DEVELOPMENT_FUND = "iom_development_fund"
    NATIONAL_BUDGET = "national_budget"
    MULTI_PARTNER_TRUST_FUND = "multi_partner_trust_fund"
    OTHER = "other"


FUNDING_KIND_LABELS: dict[FundingKind, str] = {
    FundingKind.SOUTH_SOUTH_FUND: "South-South cooperation fund",
    FundingKind.BILATERAL_ODA: "Bilateral official development assistance",
    FundingKind.IOM_DEVELOPMENT_FUND: "IOM Development Fund",
    FundingKind.NATIONAL_BUDGET: "National budget",
    FundingKind.MULTI_PARTNER_TRUST_FUND: "Multi-partner trust fund",
    FundingKind.OTHER: "Other",
}


def choices(labels: Mapping[Kind, str]) -> list[tuple[str, str]]:
    """``(value, label)`` pairs in declaration order, as Django's ``choices`` takes them."""
    return [(kind.value, label) for kind, label in labels.items()]
