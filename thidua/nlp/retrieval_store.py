"""The index on disk (`thidua.nlp.retrieval`): numpy arrays (term frequencies, passage
lengths, postings) and `passages.json` (ids, parameters, vocabulary, mined abbreviations),
read back with `allow_pickle=False`; an older format is refused.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from thidua.nlp.retrieval_bm25 import Params

if TYPE_CHECKING:
    from thidua.nlp.retrieval import PassageIndex

FORMAT = 2


def save(index: PassageIndex, path: str | Path) -> None:
    """Write the index into directory `path` (created if needed)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    meta = {
        "format": FORMAT,
        "ids": index.ids,
        "params": asdict(index.params),
        "vocab": index._vocab,
        "abbreviations": index.abbreviations,
    }
    (path / "passages.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    np.save(path / "tf_indptr.npy", index._tf_indptr, allow_pickle=False)
    np.save(path / "tf_docs.npy", index._tf_docs, allow_pickle=False)
    np.save(path / "tf.npy", index._tf, allow_pickle=False)
    np.save(path / "doc_len.npy", index._doc_len, allow_pickle=False)


def load(cls: type[PassageIndex], path: str | Path) -> PassageIndex:
    """Read an index written by `save`."""
    path = Path(path)
    meta = json.loads((path / "passages.json").read_text("utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(
            f"{path}: index format {meta.get('format')!r}, this code reads format "
            f"{FORMAT}: rebuild the index"
        )
    index = cls.__new__(cls)
    index.ids = list(meta["ids"])
    index.params = Params(**meta["params"])
    index._vocab = dict(meta["vocab"])
    index.abbreviations = {k: tuple(v) for k, v in meta["abbreviations"].items()}
    index._tf_indptr = np.load(path / "tf_indptr.npy", allow_pickle=False)
    index._tf_docs = np.load(path / "tf_docs.npy", allow_pickle=False)
    index._tf = np.load(path / "tf.npy", allow_pickle=False)
    index._doc_len = np.load(path / "doc_len.npy", allow_pickle=False)
    index._field_tf = None
    index._finish()
    return index
