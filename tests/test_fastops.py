"""eventwire's pipeline multiplies with numpy's BLAS (eventwire.fastops) and annotates as
spaCy's BLIS does."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from thinc.api import Ops
from threadpoolctl import threadpool_info

from eventwire import fastops
from eventwire.nlp import _load_one, load_pipeline

GOLD = Path(__file__).parent / "gold"
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]


@pytest.fixture(scope="module")
def pipelines():
    ours = load_pipeline()
    fresh = _load_one(f"{ours.meta['lang']}_{ours.meta['name']}", ())
    return ours, fresh


def _gold_texts() -> list[str]:
    texts = []
    for name in ("events.jsonl", "actors.jsonl"):
        for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def test_our_pipeline_uses_numpy_blas_and_a_fresh_one_does_not(pipelines):
    ours, fresh = pipelines
    assert fastops.uses_numpy_blas(ours)
    assert not fastops.uses_numpy_blas(fresh)
    tok2vec = ours.get_pipe("tok2vec").model
    assert all(isinstance(node.ops, fastops.NumpyBlasOps) for node in tok2vec.walk())


def test_same_annotations_and_entities_as_blis_on_our_gold(pipelines):
    """Every tag, head, label, lemma and entity of our gold texts (about 1,000 sentences) is
    the same with numpy's products as with BLIS's."""
    ours, fresh = pipelines
    texts = _gold_texts()
    assert len(texts) > 700
    differing = []
    for a, b in zip(ours.pipe(texts), fresh.pipe(texts)):
        if (a.to_array(ATTRS).tolist() != b.to_array(ATTRS).tolist() or
                [(e.start, e.end, e.label_) for e in a.ents] !=
                [(e.start, e.end, e.label_) for e in b.ents]):
            differing.append(a.text)
    assert differing == []


def test_gemm_is_numpy_product_on_one_thread_and_restores_the_pool(monkeypatch):
    ops = fastops.NumpyBlasOps()
    rng = numpy.random.default_rng(0)
    x = rng.random((600, 288), dtype=numpy.float32)
    y = rng.random((96, 288), dtype=numpy.float32)
    before = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    seen: list[list[int]] = []
    real = Ops.gemm  # what NumpyOps(use_blis=False).gemm delegates to

    def spy(self, *args, **kwargs):
        seen.append([lib["num_threads"] for lib in threadpool_info()
                     if lib["user_api"] == "blas"])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Ops, "gemm", spy)
    out = ops.gemm(x, y, trans2=True)
    numpy.testing.assert_allclose(out, x @ y.T, rtol=1e-5)
    assert seen and all(n == 1 for n in seen[0])
    after = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert after == before


def test_blis_can_be_kept(monkeypatch, pipelines):
    _, fresh = pipelines
    monkeypatch.setenv("EVENTWIRE_BLAS", "blis")
    assert not fastops.wanted()
    fastops.install(fresh)
    assert not fastops.uses_numpy_blas(fresh)
    monkeypatch.setenv("EVENTWIRE_BLAS", "numpy")
    assert fastops.wanted()
