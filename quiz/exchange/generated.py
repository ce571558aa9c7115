"""The generator's questions saved: draft questions a teacher reviews before students see them.

The generator (`quiz.generation`) is pure; this is the one place its output is written, in one
transaction, beside the other ways questions come in (files, seeds). Not imported by
`quiz.exchange` itself: importing it loads the generator and spaCy, which only generating needs.

Each generated question gets a key derived from what it asks and what it cites, so generating
again for the same article adds only what is new and never duplicates, and a teacher's edits to
a draft are kept.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from quiz.generation import GeneratedQuestion, GenerationError, generate_questions
from quiz.models import Article, Choice, Question, Quiz, QuizEntry, numeric_value


@dataclass
class GenerationReport:
    created: int = 0
    unchanged: int = 0
    added_to_quiz: int = 0


def questions_for_text(text: str, *, seed: int = 0) -> list[GeneratedQuestion]:
    """The generator's questions for a text, read with the pipeline the settings name."""
    return generate_questions(
        text=text, seed=seed, pipeline=settings.GENERATION_PIPELINE
    )


def generated_key(generated: GeneratedQuestion) -> str:
    citation = generated.citation
    fingerprint = (
        f"{generated.kind}\n{generated.prompt}\n{citation.start}-{citation.end}"
    )
    return "gen-" + hashlib.sha256(fingerprint.encode()).hexdigest()[:24]


def draft_from(
    generated: GeneratedQuestion, *, article: Article, status: str
) -> tuple[Question, list[Choice]]:
    """Unsaved Question and Choices for one generated question."""
    citation = generated.citation
    question = Question(
        article=article,
        key=generated_key(generated),
        kind=generated.kind,
        prompt=generated.prompt,
        explanation=generated.explanation,
        citation_start=citation.start,
        citation_end=citation.end,
        citation_quote=citation.quote,
        numeric_answer=numeric_value(generated.answer)
        if generated.answer is not None
        else None,
        status=status,
        origin=Question.Origin.GENERATED,
        rule=generated.rule,
        review_notes="\n".join(generated.review),
    )
    choices = [
        Choice(
            question=question,
            text=choice.text,
            is_correct=choice.correct,
            position=position,
        )
        for position, choice in enumerate(generated.choices)
    ]
    return question, choices


@transaction.atomic
def generate_for_article(
    article: Article, *, publish: bool = False, quiz: Quiz | None = None, seed: int = 0
) -> GenerationReport:
    """Generate questions for the article and save the new ones (drafts unless `publish`).

    Raises GenerationError, with a message for the teacher, when the text cannot be used.
    """
    status = Question.Status.PUBLISHED if publish else Question.Status.DRAFT
    existing = {
        question.key: question
        for question in article.questions.filter(key__startswith="gen-")
    }
    report, questions = GenerationReport(), []
    for generated in questions_for_text(article.text, seed=seed):
        question, choices = draft_from(generated, article=article, status=status)
        if question.key in existing:
            report.unchanged += 1
            questions.append(existing[question.key])
            continue
        # The generator checks its citations; checking again here keeps the rule in one place.
        if not question.citation_is_valid() or question.choice_problems(choices):
            raise GenerationError(
                f"The generator proposed an invalid question: {question.prompt}"
            )
        question.save()
        Choice.objects.bulk_create(choices)
        report.created += 1
        questions.append(question)
    if quiz is not None:
        in_quiz = set(quiz.entries.values_list("question_id", flat=True))
        start = quiz.entries.count()
        new_entries = [
            QuizEntry(quiz=quiz, question=question, position=start + offset)
            for offset, question in enumerate(
                (q for q in questions if q.pk not in in_quiz), start=1
            )
        ]
        QuizEntry.objects.bulk_create(new_entries)
        report.added_to_quiz = len(new_entries)
    return report
