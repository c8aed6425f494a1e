"""The narrative the State writes on each GCM objective, and the steps it goes through.

A text is drafted, then reviewed by someone who wrote none of it, then approved by the review's
coordinator, who wrote none of it either; only approved text is published. Everyone who saved a
version is one of its authors, so a colleague's save of a word does not turn the first author
into a possible reviewer of their own text. A reviewer or the coordinator may send a reviewed
text back to draft, saying why. Editing a reviewed text makes it a draft again: what was
reviewed is not what would be approved.
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
    """What a step is taken on: the text's status and everyone who wrote this version."""

    status: Status
    authors: frozenset[int]


# From which statuses each step may be taken, and the status it leads to.
STEPS: dict[Step, tuple[frozenset[Status], Status]] = {
    Step.EDIT: (frozenset({Status.DRAFT, Status.REVIEWED}), Status.DRAFT),
    Step.REVIEW: (frozenset({Status.DRAFT}), Status.REVIEWED),
    Step.APPROVE: (frozenset({Status.REVIEWED}), Status.APPROVED),
    Step.RETURN: (frozenset({Status.REVIEWED}), Status.DRAFT),
}

STEP_DONE = {
    Step.EDIT: "edited",
    Step.REVIEW: "marked reviewed",
    Step.APPROVE: "approved",
    Step.RETURN: "sent back to draft",
}

# The steps that need a second person: nobody reviews or approves their own words.
SECOND_PERSON = frozenset({Step.REVIEW, Step.APPROVE})


def step_taken(text: Text, step: Step, *, by: int) -> Status:
    """The status ``text`` has once ``by`` takes ``step``; StepRefused saying why not."""
    allowed_from, leads_to = STEPS[step]
    if text.status not in allowed_from:
        raise StepRefused(f"a text that is {text.status} cannot be {STEP_DONE[step]}")
    if step in SECOND_PERSON and by in text.authors:
        raise StepRefused(f"you wrote some of this text; someone else must {step} it")
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
