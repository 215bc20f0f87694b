"""The course's training step, fast: the same random draws, a row-sparse batched gradient.

One call of the course's ``word2vec_sgd_wrapper(skipgram, ..., negSamplingLossAndGradient)``
draws, for each of its 50 windows, ``random.randint(1, C)``, then
``dataset.getRandomContext(C)`` (two ``randint``), then for each outside word K negatives
through ``dataset.sampleTokenIdx()`` (``randint(0, tablesize − 1)``, redrawn while equal to the
outside word); then it adds dense (V, d) gradients. The parameters do not change within the
call, so :class:`FaithfulObjective` first makes all of the call's draws in that order, then
computes the loss and gradient of the whole batch at once, touching only the rows it uses.

The draws are made from a block of raw Mersenne Twister words. ``random.randint(0, n − 1)`` in
CPython is ``_randbelow(n)``: with k = n.bit_length(), take ``getrandbits(k)`` (one 32-bit word
shifted right by 32 − k, for k <= 32) until it is below n. ``random.getrandbits(32·m)`` returns
the next m words, the first in the lowest bits. So the block is fetched in one call, consumed
word by word exactly as the randint calls would, and Python's generator is then set to the
state after exactly the words consumed. ``tests/test_faithful.py`` checks every one of these facts
against ``random`` itself, and the whole step against ``word2vec_sgd_wrapper``.
"""
from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import MAX_NEGATIVES, Instance, Integer, as_positive_int, checked
from .activations import log_sigmoid, sigmoid
from .sgd import RowSparseGrad
from .skipgram import BATCH_SIZE

__all__ = ["raw_words", "skip_words", "randbelow", "random_context", "Batch", "FaithfulSampler",
           "batch_loss_and_gradient", "FaithfulObjective", "MAX_BLOCK"]

_WORD_BITS = 32
#: The most raw 32-bit words fetched at once (64 MiB): a batch that needs more is refused.
MAX_BLOCK = 1 << 24


def _fits_a_block(window_size, K, batch_size):
    """A batch's first block of raw words, twice its largest use, fits ``MAX_BLOCK``."""
    need = 2 * batch_size * (4 + window_size * (K + 1))
    if need > MAX_BLOCK:
        raise ValueError(f"window_size={window_size}, K={K} and batch_size={batch_size} need up to {need:,} random "
                         f"words a batch, more than {MAX_BLOCK:,}: make them smaller")


class _NeedMoreWords(Exception):
    """The block of raw words ran out; the batch is redrawn from its start with a bigger block."""


@checked(m=Integer(max=MAX_BLOCK))
def raw_words(m: int) -> np.ndarray:
    """The next ``m`` 32-bit outputs of Python's ``random``, consuming exactly m words.

    Parameters
    ----------
    m : int
        How many words (0 or less: none; at most ``MAX_BLOCK``).

    Returns
    -------
    numpy.ndarray, shape (m,), uint32
        The words, in the order m ``getrandbits(32)`` calls would return them.
    """
    if m <= 0:
        return np.zeros(0, dtype=np.uint32)
    return np.frombuffer(random.getrandbits(_WORD_BITS * m).to_bytes(4 * m, "little"), dtype="<u4")


@checked(m=Integer(max=MAX_BLOCK))
def skip_words(m: int) -> None:
    """Advance Python's ``random`` by ``m`` 32-bit words (as m ``getrandbits(32)`` calls would;
    at most ``MAX_BLOCK``)."""
    if m > 0:
        random.getrandbits(_WORD_BITS * m)


def randbelow(words: Sequence[int], pos: int, n: int, shift: int | None = None) -> tuple[int, int]:
    """``random.randint(0, n − 1)`` replayed on raw words.

    CPython's ``_randbelow(n)``: k = n.bit_length(); ``getrandbits(k)`` (= word >> (32 − k))
    until the value is below n. The sampler draws every window size, sentence and position
    through this function, and the tests check it against ``random`` itself.

    Parameters
    ----------
    words : sequence of int
        Raw 32-bit words (:func:`raw_words`, or a list of them).
    pos : int
        The position of the next unused word.
    n : int
        The range, 1 <= n < 2³².
    shift : int or None
        32 − k, if already computed.

    Returns
    -------
    value : int
        In [0, n).
    pos : int
        The position after the words consumed.
    """
    if shift is None:
        shift = _shift(n)
    r = words[pos] >> shift
    pos += 1
    while r >= n:
        r = words[pos] >> shift
        pos += 1
    return int(r), pos


def random_context(words: Sequence[int], pos: int, sentences: Sequence[Sequence[int]], c_size: int,
                   s_shift: int) -> tuple[int, list[int], int]:
    """The course's ``getRandomContext(c_size)`` replayed on raw words.

    Draws a sentence, then a position in it, until the window around that position holds a
    word other than the centre (words equal to the centre are dropped from the window).

    Parameters
    ----------
    words : sequence of int
        Raw 32-bit words.
    pos : int
        The position of the next unused word.
    sentences : sequence of sequences of int
        The subsampled corpus as word indices (``dataset.all_sentence_ids()``).
    c_size : int
        The window's size m: up to m words on each side.
    s_shift : int
        32 − k for k = ``len(sentences).bit_length()``.

    Returns
    -------
    center : int
        The centre word c.
    context : list of int
        The outside words w_{t+j}, −m <= j <= m, j != 0, in order.
    pos : int
        The position after the words consumed.
    """
    n_sent = len(sentences)
    while True:
        r, pos = randbelow(words, pos, n_sent, s_shift)
        sent = sentences[r]
        n = len(sent)
        r, pos = randbelow(words, pos, n, _WORD_BITS - n.bit_length())
        center = sent[r]
        context = sent[max(0, r - c_size):r]
        if r + 1 < n:
            context += sent[r + 1:min(n, r + c_size + 1)]
        context = [x for x in context if x != center]
        if context:
            return center, context, pos


def _take_negatives(valid_tok, q: int, o: int, K: int, out: list) -> int:
    """Append to ``out`` the positions in ``valid_tok`` of outside word ``o``'s K negatives,
    read from position ``q`` on (a draw equal to ``o`` is redrawn); return the next position."""
    e = q + K
    if e > len(valid_tok):
        raise _NeedMoreWords
    if o not in valid_tok[q:e]:
        out.extend(range(q, e))
        return e
    got = 0
    while got < K:
        if q >= len(valid_tok):
            raise _NeedMoreWords
        if valid_tok[q] != o:
            out.append(q)
            got += 1
        q += 1
    return q


@dataclass(frozen=True)
class Batch:
    """The draws of one wrapper call, as indices: P (centre, outside) pairs, K negatives each.

    ``centers`` (P,), ``outsides`` (P,), ``negatives`` (P, K); ``window_sizes`` (50,) the drawn
    C of each window and ``pairs_per_window`` (50,) its number of outside words.
    """
    centers: np.ndarray
    outsides: np.ndarray
    negatives: np.ndarray
    window_sizes: np.ndarray
    pairs_per_window: np.ndarray


def _shift(n: int) -> int:
    k = n.bit_length()
    if k > _WORD_BITS:
        raise ValueError(f"range of {n} values needs more than one 32-bit word per draw; not supported")
    return _WORD_BITS - k


class FaithfulSampler:
    """Makes the random draws of one ``word2vec_sgd_wrapper`` call in the course's order.

    Args:
        dataset: a :class:`w2vlib.treebank.StanfordSentiment` (uses ``all_sentence_ids()``,
            ``sample_table()``, ``tablesize``, ``is_subsampled``).
        window_size: C, the largest window; each window's size is ``randint(1, C)``.
        K: negatives per outside word.
        batch_size: windows per call (the course: 50).
    """

    @checked(dataset=Instance("StanfordSentiment", "all_sentence_ids", "sample_table", "tablesize", "is_subsampled", "tokens"),
         window_size=Integer(min=1), K=Integer(min=1, max=MAX_NEGATIVES), batch_size=Integer(min=1),
         where=_fits_a_block)
    def __init__(self, dataset, window_size=5, K=10, batch_size=BATCH_SIZE):
        self.dataset = dataset
        self.window_size = window_size
        self.K = K
        self.batch_size = batch_size
        self.tablesize = as_positive_int(dataset.tablesize, "dataset.tablesize")
        self._table_shift = _shift(self.tablesize)
        self._c_shift = _shift(self.window_size)
        # raw words fetched per call: adapted to twice the running mean of what calls use
        self._mean_used = self.batch_size * (4 + self.window_size * (self.K + 1))
        self._block = 2 * self._mean_used
        self.last_batch = None

    def draw(self) -> Batch:
        """Consume Python's ``random`` exactly as one wrapper call would and return its draws.

        Returns
        -------
        Batch
            The call's 50 windows as (centre, outside) pairs with K negatives each.
        """
        first_c = None
        if not self.dataset.is_subsampled:
            # The course subsamples lazily inside the first getRandomContext, i.e. after the
            # first window's randint(1, C): do the same, then continue from there.
            first_c = random.randint(1, self.window_size)
            self.dataset.all_sentence_ids()
        sentences = self.dataset.all_sentence_ids()
        if not sentences:
            raise ValueError(f"no sentence of {self.dataset.sentences_file} keeps two or more words "
                             "after subsampling: there are no windows to train on")
        table = self.dataset.sample_table()
        start = random.getstate()
        while True:
            words = raw_words(self._block)
            try:
                batch, used = self._draw_from(words, sentences, table, first_c)
            except _NeedMoreWords:
                random.setstate(start)
                if 2 * self._block > MAX_BLOCK:
                    raise RuntimeError("FaithfulSampler: a batch needs more than "
                                       f"{MAX_BLOCK} random words; the dataset cannot supply windows") from None
                self._block *= 2
                continue
            random.setstate(start)
            skip_words(used)
            self._mean_used = 0.9 * self._mean_used + 0.1 * used
            self._block = int(2 * self._mean_used) + 64
            self.last_batch = batch
            return batch

    def _draw_from(self, words, sentences, table, first_c):
        K, C = self.K, self.window_size
        w = words.tolist()
        draws = words >> self._table_shift
        valid = draws < self.tablesize
        valid_pos = np.flatnonzero(valid).tolist()
        valid_tok = table[draws[valid]].tolist()
        c_shift = self._c_shift
        s_shift = _shift(len(sentences))

        pos = 0
        centers, outsides, neg_idx, sizes, npairs = [], [], [], [], []
        try:
            for window in range(self.batch_size):
                if window == 0 and first_c is not None:
                    c_size = first_c
                else:                                     # randint(1, C)
                    r, pos = randbelow(w, pos, C, c_shift)
                    c_size = r + 1
                center, context, pos = random_context(w, pos, sentences, c_size, s_shift)
                sizes.append(c_size)
                npairs.append(len(context))
                q = bisect_left(valid_pos, pos)           # negatives: valid table draws from pos on
                for o in context:
                    q = _take_negatives(valid_tok, q, o, K, neg_idx)
                    centers.append(center)
                    outsides.append(o)
                pos = valid_pos[q - 1] + 1
        except IndexError:
            raise _NeedMoreWords from None
        negatives = np.asarray(valid_tok, dtype=np.int64)[np.asarray(neg_idx, dtype=np.int64)]
        batch = Batch(
            centers=np.asarray(centers, dtype=np.int64),
            outsides=np.asarray(outsides, dtype=np.int64),
            negatives=negatives.reshape(len(centers), K),
            window_sizes=np.asarray(sizes, dtype=np.int64),
            pairs_per_window=np.asarray(npairs, dtype=np.int64),
        )
        return batch, pos


def batch_loss_and_gradient(word_vectors: np.ndarray, batch: Batch,
                            batch_size: int = BATCH_SIZE) -> tuple[float, RowSparseGrad]:
    """Mean skip-gram negative-sampling loss of ``batch`` and its row-sparse gradient.

    For each pair (c, o) with negatives w_1..w_K: J = −log σ(u_oᵀ v_c) − Σ_s log σ(−u_{w_s}ᵀ v_c);
    the batch loss is the sum over pairs divided by ``batch_size`` (the wrapper's 50 windows).
    Gradients (parts (g), (h)): ∂J/∂v_c = (σ(u_oᵀ v_c) − 1) u_o + Σ_s σ(u_{w_s}ᵀ v_c) u_{w_s},
    ∂J/∂u_o = (σ(u_oᵀ v_c) − 1) v_c, ∂J/∂u_{w_s} = σ(u_{w_s}ᵀ v_c) v_c, duplicates accumulated.

    Parameters
    ----------
    word_vectors : numpy.ndarray, shape (2V, d)
        Centre vectors v_c (rows 0..V−1), then outside vectors u_w.
    batch : Batch
        P pairs with K negatives each.
    batch_size : int
        The divisor (windows per wrapper call).

    Returns
    -------
    loss : float
        The batch loss.
    grad : RowSparseGrad
        ``rows`` (n,) the unique touched rows of the (2V, d) matrix, ``values`` (n, d) their
        summed gradient. No (V, d) array is formed.
    """
    W = word_vectors
    V = W.shape[0] // 2
    idx = np.empty((len(batch.centers), batch.negatives.shape[1] + 1), dtype=np.int64)
    idx[:, 0] = batch.outsides
    idx[:, 1:] = batch.negatives
    idx += V
    vc = W[batch.centers]                                   # (P, d)
    U = W[idx]                                              # (P, K+1, d)
    z = np.einsum("pkd,pd->pk", U, vc)                      # u_i · v_c
    z[:, 1:] *= -1.0                                        # [u_o·v_c, −u_w·v_c]
    loss = -float(np.sum(log_sigmoid(z))) / batch_size
    coeff = sigmoid(-z) / -batch_size                      # ∂(J/50)/∂(u_i·v_c), o column
    coeff[:, 1:] *= -1.0                                    # negatives: +σ(u_w·v_c)/50
    g_center = np.einsum("pk,pkd->pd", coeff, U)            # (P, d)
    g_outside = coeff[:, :, None] * vc[:, None, :]          # (P, K+1, d)
    rows = np.concatenate((batch.centers, idx.ravel()))
    values = np.concatenate((g_center, g_outside.reshape(-1, W.shape[1])))
    uniq, inverse = np.unique(rows, return_inverse=True)
    d = W.shape[1]
    flat = (inverse[:, None] * d + np.arange(d)).ravel()    # duplicates summed, like np.add.at
    summed = np.bincount(flat, weights=values.ravel(), minlength=len(uniq) * d).reshape(len(uniq), d)
    return loss, RowSparseGrad(uniq, summed)


class FaithfulObjective:
    """``f(word_vectors) -> (loss, RowSparseGrad)``: one faithful wrapper call, for ``w2vlib.sgd``.

    Equal (to rounding) to ``word2vec_sgd_wrapper(skipgram, word2ind, word_vectors, dataset,
    window_size, neg_sampling_loss_and_gradient)`` and leaves Python's ``random`` in the same
    state, but draws in bulk and computes only the touched rows.
    """

    @checked(dataset=Instance("StanfordSentiment", "all_sentence_ids", "sample_table", "tablesize", "is_subsampled", "tokens"),
         window_size=Integer(min=1), K=Integer(min=1, max=MAX_NEGATIVES), batch_size=Integer(min=1),
         where=_fits_a_block)
    def __init__(self, dataset, window_size=5, K=10, batch_size=BATCH_SIZE):
        self.sampler = FaithfulSampler(dataset, window_size, K, batch_size)
        self.batch_size = self.sampler.batch_size
        self.V = len(dataset.tokens())

    def __call__(self, word_vectors: np.ndarray) -> tuple[float, RowSparseGrad]:
        """The loss and row-sparse gradient of the next wrapper call at ``word_vectors`` (2V, d)."""
        W = np.asarray(word_vectors)
        if W.ndim != 2 or W.shape[0] != 2 * self.V:
            raise ValueError(f"word_vectors must have shape (2V, d) = ({2 * self.V}, d), got {W.shape}")
        batch = self.sampler.draw()
        return batch_loss_and_gradient(W, batch, self.batch_size)
