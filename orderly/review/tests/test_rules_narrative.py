"""The steps a narrative goes through, decided without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderly.review.rules.narrative import (
    MAX_SECTION_CHARS,
    Status,
    Step,
    StepRefused,
    Text,
    section_problems,
    step_taken,
)

AUTHOR, COLLEAGUE = 1, 2
BY_AUTHOR = frozenset({AUTHOR})


def test_a_draft_is_reviewed_then_approved_by_people_who_did_not_write_it() -> None:
    draft = Text(Status.DRAFT, BY_AUTHOR)
    assert step_taken(draft, Step.REVIEW, by=COLLEAGUE) is Status.REVIEWED
    reviewed = Text(Status.REVIEWED, BY_AUTHOR)
    assert step_taken(reviewed, Step.APPROVE, by=COLLEAGUE) is Status.APPROVED


@pytest.mark.parametrize("step", [Step.REVIEW, Step.APPROVE])
def test_nobody_reviews_or_approves_their_own_words(step: Step) -> None:
    status = Status.DRAFT if step is Step.REVIEW else Status.REVIEWED
    with pytest.raises(StepRefused, match="someone else"):
        step_taken(Text(status, BY_AUTHOR), step, by=AUTHOR)
    # A colleague who saved a word is an author too: neither of them may sign it off.
    with pytest.raises(StepRefused, match="someone else"):
        step_taken(Text(status, frozenset({AUTHOR, COLLEAGUE})), step, by=AUTHOR)


def test_a_draft_cannot_be_approved_before_it_is_reviewed() -> None:
    with pytest.raises(StepRefused, match="draft"):
        step_taken(Text(Status.DRAFT, BY_AUTHOR), Step.APPROVE, by=COLLEAGUE)


def test_only_a_reviewed_text_is_sent_back_to_draft() -> None:
    assert step_taken(Text(Status.REVIEWED, BY_AUTHOR), Step.RETURN, by=COLLEAGUE) is Status.DRAFT
    with pytest.raises(StepRefused, match="draft"):
        step_taken(Text(Status.DRAFT, BY_AUTHOR), Step.RETURN, by=COLLEAGUE)


def test_editing_a_reviewed_text_makes_it_a_draft_again() -> None:
    reviewed = Text(Status.REVIEWED, BY_AUTHOR)
    assert step_taken(reviewed, Step.EDIT, by=AUTHOR) is Status.DRAFT


@given(step=st.sampled_from(Step), by=st.integers(1, 3))
def test_an_approved_text_is_never_changed_only_followed_by_a_new_version(
    step: Step, by: int
) -> None:
    with pytest.raises(StepRefused):
        step_taken(Text(Status.APPROVED, BY_AUTHOR), step, by=by)


def test_a_text_needs_one_section_and_none_too_long() -> None:
    assert section_problems({"progress": "Data sharing agreed."}) == {}
    assert "progress" in section_problems({"progress": "  ", "challenges": ""})
    too_long = section_problems({"challenges": "x" * (MAX_SECTION_CHARS + 1), "progress": "ok"})
    assert list(too_long) == ["challenges"]
