from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from quiz.models import (
    Assignment,
    Choice,
    Question,
    normalise_join_code,
    numeric_value,
)


class StartForm(forms.Form):
    display_name = forms.CharField(
        label="Your name (optional)",
        max_length=80,
        required=False,
        help_text="Shown on your results, so your teacher can tell whose they are.",
    )


class JoinForm(forms.Form):
    """A student joins a class assignment with its code and their name (no account needed). The
    code can come in the address (/join/CODE/) instead, filled in for the student. The view looks
    the code up (`open_assignment`) after counting it against the guessing limits, so before the
    form is validated. The personal code is asked only when the name has joined the assignment
    from another browser already."""

    code = forms.CharField(
        label="Join code",
        max_length=20,
        help_text="The code your teacher gave you, for example K7P2QX.",
        error_messages={"required": "Type the join code your teacher gave you."},
    )
    name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="As your teacher knows you: your results are shown under this name.",
        error_messages={
            "required": "Type your name, so your teacher can find your results."
        },
    )

    personal_code = forms.CharField(
        label="Your personal code",
        max_length=20,
        required=False,
        help_text="Shown under your questions on the device where you started, for example "
        "4KQ7ZP. Your teacher can look it up too.",
    )

    def __init__(self, data: QueryDict | None = None, *, code: str = "") -> None:
        super().__init__(data, initial={"code": normalise_join_code(code)})
        self.address_code = code

    @property
    def typed_code(self) -> str:
        """The code as sent, or as the address gave it, before any validation."""
        return self.data.get("code", "") if self.is_bound else self.address_code

    def open_assignment(self) -> Assignment | None:
        """The open assignment the typed code names, with its quiz; None for a wrong code and a
        closed one alike."""
        return Assignment.objects.open().with_code(self.typed_code).first()

    def as_typed(self) -> "JoinForm":
        """The form showing what was typed, without checking it: for a refused code, where any
        message about the fields would say more than "no such code"."""
        typed = JoinForm(code=self.typed_code)
        typed.initial["name"] = self.data.get("name", "")
        return typed

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(
                "Type your name, so your teacher can find your results."
            )
        return name

    def clean_personal_code(self) -> str:
        # Typed like a join code: "4kq-7zp" is 4KQ7ZP.
        return normalise_join_code(self.cleaned_data["personal_code"])


class NumberAnswerForm(forms.Form):
    """A typed number: "1,500", "2.5" and "$275" are read as people mean them."""

    number = forms.CharField(
        max_length=40,
        error_messages={"required": "Type a number first."},
    )

    def clean_number(self) -> Decimal:
        value = numeric_value(self.cleaned_data["number"])
        if value is None:
            raise ValidationError("Type a number, such as 133 or 2.5.")
        # adjusted() reads the exponent without arithmetic: abs() of "1e1000000" would overflow the
        # decimal context (an error, not a message), and quantize() is safe once it is below 10**18.
        # A zero is small whatever its exponent ("0e99").
        too_large = value and value.adjusted() >= 18
        if too_large or value != value.quantize(Decimal("0.000001")):
            raise ValidationError(
                "That number is too large or has too many decimal places."
            )
        return value

    def answer(self) -> dict:
        return {"number": self.cleaned_data["number"]}


class ChoiceIdsField(forms.Field):
    """The ids of the choices a student ticked, as whole numbers. Which ids belong to the question
    is the form's business: it knows the question (a ChoiceField would compare every id with
    every choice as text, for the same result at twice the cost)."""

    widget = forms.MultipleHiddenInput  # reads every value sent under the field's name
    default_error_messages = {
        "invalid_choice": "That answer is not one of this question's choices. Reload the page "
        "and choose again.",
    }

    def to_python(self, value) -> list[int]:
        if value in self.empty_values:
            return []
        try:
            return [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class AnswerForm(forms.Form):
    """Validates the ids the browser sent against the question's own choices.

    The template renders the inputs itself (radio or checkbox, in this attempt's order); this form
    only decides whether what came back is a valid answer, with a message a student understands.
    """

    choice = ChoiceIdsField(error_messages={"required": "Choose an answer first."})

    def __init__(
        self, *args, question: Question, choices: Sequence[Choice], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.choices_by_id = {choice.pk: choice for choice in choices}

    def clean_choice(self) -> list[Choice]:
        chosen_ids = list(dict.fromkeys(self.cleaned_data["choice"]))
        if any(choice_id not in self.choices_by_id for choice_id in chosen_ids):
            raise ValidationError(
                self.fields["choice"].error_messages["invalid_choice"],
                code="invalid_choice",
            )
        if len(chosen_ids) > 1 and not self.question.allows_several_choices:
            raise ValidationError("Choose only one answer.")
        return [self.choices_by_id[choice_id] for choice_id in chosen_ids]

    def answer(self) -> dict:
        return {"chosen": self.cleaned_data["choice"]}


def answer_form(
    question: Question, choices: Sequence[Choice], data: QueryDict | None = None
) -> NumberAnswerForm | AnswerForm:
    """The form that reads an answer to this kind of question."""
    if question.kind == Question.Kind.NUMERIC:
        return NumberAnswerForm(data)
    return AnswerForm(data, question=question, choices=choices)
