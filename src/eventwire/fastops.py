"""spaCy's matrix products through numpy's BLAS, in eventwire's pipeline.

thinc's CPU ops multiply matrices with BLIS, which picks its kernels from the CPU it sees.
On CPUs it does not recognise it falls back to its *generic* kernels: on this project's
2-core AMD EPYC (family 25) ``BLIS_ARCH_DEBUG=1`` prints ``selecting sub-configuration
'generic'``, and a (3000 x 288) @ (288 x 288) product takes 20 ms against 4.4 ms in numpy,
whose OpenBLAS chooses its Haswell (AVX2/FMA) kernels. tok2vec's convolutions and the
parser's and NER's precomputed first layer are such products, so the parse without NER
costs about a quarter less with numpy's (``bench/throughput.py``; docs/SCALE.md).

The switch is thinc's own option, ``NumpyOps(use_blis=False)``, set on every layer of the
pipeline ``eventwire.nlp.load_pipeline`` returns; a pipeline loaded elsewhere (the bare
spaCy pass of ``bench/throughput.py``, a user's own ``nlp``) keeps spaCy's. The transition
step of the parser and NER still uses BLIS (spaCy calls it directly), as does
``entities.BiluoDecoder``, so NER on demand stays bitwise equal to ``ner.pipe``.

A different BLAS sums in a different order, so scores can differ in the last bits and an
argmax on a near-tie could flip: on the tokens of 300 synthetic stories no tag, head,
dependency label or lemma differed (tests/test_fastops.py repeats the check on our gold).

BLAS threads: OpenBLAS would start a thread per core for the larger products, and with
``--workers N`` processes on N cores those threads only contend (and spin, costing CPU).
eventwire's parallelism is processes, so inside our products the BLAS runs one thread
(``threadpoolctl``; the limit is set around each product and restored, so a caller's own
numpy work is untouched).

``EVENTWIRE_BLAS=blis`` keeps spaCy's BLIS everywhere.
"""

from __future__ import annotations

import os
from typing import Any

from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import ThreadpoolController

_controller: ThreadpoolController | None = None


def _one_thread() -> Any:
    """A context in which numpy's BLAS runs one thread (found once per process)."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


class NumpyBlasOps(NumpyOps):
    """thinc's ``NumpyOps(use_blis=False)``: ``gemm`` by ``numpy.matmul``, one BLAS thread."""

    name = "numpy"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(use_blis=False, **kwargs)

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False,
             trans2: bool = False) -> Any:
        with _one_thread():
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


def wanted() -> bool:
    """Use numpy's BLAS unless ``EVENTWIRE_BLAS=blis``."""
    return os.environ.get("EVENTWIRE_BLAS", "numpy").strip().lower() != "blis"


def install(nlp: Language) -> Language:
    """Give every CPU layer of ``nlp``'s components numpy's BLAS (no-op when not wanted, and
    for layers on other ops, e.g. a GPU)."""
    if not wanted():
        return nlp
    ops = NumpyBlasOps()
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
    return nlp


def uses_numpy_blas(nlp: Language) -> bool:
    """Does any layer of ``nlp`` multiply with numpy's BLAS? (tests and diagnostics)"""
    return any(isinstance(node.ops, NumpyBlasOps)
               for _, proc in nlp.pipeline
               if isinstance(getattr(proc, "model", None), Model)
               for node in proc.model.walk())


__all__ = ["NumpyBlasOps", "install", "uses_numpy_blas", "wanted"]
