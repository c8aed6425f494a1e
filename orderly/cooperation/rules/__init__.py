"""Pure rules of cooperation: no Django, no clock. Facts in, problems and decisions out."""

from orderly.cooperation.rules.agreements import (
    MAX_NOTIFICATION_HOURS,
    AgreementTerms,
    agreement_problem,
)
from orderly.cooperation.rules.consular import (
    BILATERAL,
    VIENNA,
    VIENNA_CONVENTION,
    ConsularDeadline,
    notification_deadline,
)
from orderly.cooperation.rules.mechanisms import MechanismTerms, mechanism_problem
from orderly.cooperation.rules.problems import Problem
from orderly.cooperation.rules.projects import (
    GCM_OBJECTIVES,
    ProjectTerms,
    objectives_problem,
    project_problem,
)

__all__ = [
    "BILATERAL",
    "GCM_OBJECTIVES",
    "MAX_NOTIFICATION_HOURS",
    "VIENNA",
    "VIENNA_CONVENTION",
    "AgreementTerms",
    "ConsularDeadline",
    "MechanismTerms",
    "Problem",
    "ProjectTerms",
    "agreement_problem",
    "mechanism_problem",
    "notification_deadline",
    "objectives_problem",
    "project_problem",
]
