from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError

from quiz.models import Choice, Question


class StartForm(forms.Form):
    display_name = forms.CharField(
        label="Your name (optional)",
        max_length=80,
        required=False,
        help_text="Shown on your results, so your teacher can tell whose they are.",
    )


class AnswerForm(forms.Form):
    """Validates the ids the browser sent against the question's own choices.

    The template renders the inputs itself (radio or checkbox, in this attempt's order); this form
    only decides whether what came back is a valid answer, with a message a student understands.
    """

    choice = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": "Choose an answer first.",
            "invalid_choice": "That answer is not one of this question's choices. Reload the page "
            "and choose again.",
            "invalid_list": "That answer is not one of this question's choices.",
        },
    )

    def __init__(
        self, *args, question: Question, choices: Sequence[Choice], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.choices_by_id = {choice.pk: choice for choice in choices}
        self.fields["choice"].choices = [(choice.pk, choice.text) for choice in choices]

    def clean_choice(self) -> list[Choice]:
        chosen_ids = self.cleaned_data["choice"]
        if len(set(chosen_ids)) > 1 and not self.question.allows_several_choices:
            raise ValidationError("Choose only one answer.")
        return [
            self.choices_by_id[choice_id] for choice_id in dict.fromkeys(chosen_ids)
        ]
