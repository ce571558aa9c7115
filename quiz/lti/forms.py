from decimal import Decimal

from django import forms

from quiz.models import Quiz


def assignable_quizzes(teacher):
    """The quizzes an LMS teacher may put in a course: their own and the shared library, with
    questions to ask."""
    return (
        Quiz.objects.visible_to(teacher)
        .with_question_count()
        .filter(question_count__gt=0)
    )


class ChooseQuizForm(forms.Form):
    quiz = forms.ModelChoiceField(
        queryset=Quiz.objects.none(),
        error_messages={
            "required": "Choose one of the quizzes in the list.",
            "invalid_choice": "Choose one of the quizzes in the list.",
        },
    )
    score_maximum = forms.DecimalField(
        label="Maximum grade in the gradebook",
        initial=10,
        min_value=Decimal("0.01"),
        max_value=Decimal("10000"),
        max_digits=7,
        decimal_places=2,
        error_messages={
            "invalid": "The maximum grade must be a number between 0.01 and 10000.",
            "min_value": "The maximum grade must be a number between 0.01 and 10000.",
            "max_value": "The maximum grade must be a number between 0.01 and 10000.",
            "max_digits": "The maximum grade must be a number between 0.01 and 10000.",
            "max_decimal_places": "The maximum grade may have at most 2 decimals.",
        },
    )

    def __init__(self, *args, teacher, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = assignable_quizzes(teacher)
