"""The narrative the State writes on each GCM objective, and the steps it goes through.

A text is drafted, then reviewed by someone who did not write it, then approved by the review's
coordinator, who did not write it either; only approved text is published. A reviewer or the
coordinator may send a text back to draft, saying why. Editing a reviewed text makes it a draft
again: what was reviewed is not what would be approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SECTIONS = ("progress", "challenges", "good_practice")
SECTION_TITLES = {
    "progress": "Progress",
    "challenges": "Challenges",
    "good_practice": "Good practice",
}
MAX_SECTION_CHARS = 20_000


class Status(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    APPROVED = "approved"


class Step(StrEnum):
    EDIT = "edit"
    REVIEW = "review"
    APPROVE = "approve"
    RETURN = "return"


class StepRefused(Exception):
    """A step this text cannot take now, or not from this person, with the reason."""


@dataclass(frozen=True)
class Text:
    """What a step is taken on: the text's status and who last wrote it."""

    status: Status
    written_by: int


# From which statuses each step may be taken, and the status it leads to.
STEPS: dict[Step, tuple[frozenset[Status], Status]] = {
    Step.EDIT: (frozenset({Status.DRAFT, Status.REVIEWED}), Status.DRAFT),
    Step.REVIEW: (frozenset({Status.DRAFT}), Status.REVIEWED),
    Step.APPROVE: (frozenset({Status.REVIEWED}), Status.APPROVED),
    Step.RETURN: (frozenset({Status.DRAFT, Status.REVIEWED}), Status.DRAFT),
}

# The steps that need a second person: nobody reviews or approves their own words.
SECOND_PERSON = frozenset({Step.REVIEW, Step.APPROVE})


def step_taken(text: Text, step: Step, *, by: int) -> Status:
    """The status ``text`` has once ``by`` takes ``step``; StepRefused saying why not."""
    allowed_from, leads_to = STEPS[step]
    if text.status not in allowed_from:
        raise StepRefused(f"a text that is {text.status} cannot be given the step {step!r}")
    if step in SECOND_PERSON and by == text.written_by:
        raise StepRefused(f"the text was last written by you; someone else must {step} it")
    return leads_to


def section_problems(sections: dict[str, str]) -> dict[str, str]:
    """Each section that cannot be kept, with why; an empty dict when all can."""
    problems = {
        name: f"at most {MAX_SECTION_CHARS:,} characters"
        for name in SECTIONS
        if len(sections.get(name, "")) > MAX_SECTION_CHARS
    }
    if not any(sections.get(name, "").strip() for name in SECTIONS):
        problems["progress"] = "write at least one of progress, challenges or good practice"
    return problems
