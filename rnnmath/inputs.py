r"""Inputs: characters as one-hot vectors, and an embedding lookup.

A text of $V$ distinct characters is a sequence of ids $y_t \in \{0, \dots, V-1\}$.
The one-hot vector of an id is the row of the identity that it picks:
$\operatorname{onehot}(y)_v = 1$ if $v = y$, else $0$. An embedding
$E \in \mathbb{R}^{V\times d}$ (Keras's `Embedding` with its
`embeddings` weight, torch's `nn.Embedding` with its `weight`) turns
each id into a row of $E$, which is the same as a one-hot product:

$$
X_t = \operatorname{onehot}(y_t)\, E = E[y_t] .
$$

Backwards, $\mathrm{d}L/\mathrm{d}E = \sum_{i,t} \operatorname{onehot}(y_{i,t})^\top\,
\mathrm{d}L/\mathrm{d}X_{i,t}$: every row of the output gradient is *added* to
the row of $E$ its id picked, so an id used twice collects two rows. That is a
scatter-add, `np.add.at`, and it never builds the $(\beta T, V)$ one-hot
matrix.

TensorFlow does not add the rows up: it hands the gradient of an embedding
to Keras's optimizer as a `tf.IndexedSlices`, one row per occurrence, and
Keras's TensorFlow backend squares those rows one by one (`ops.square`
keeps the slices) before they are summed. So wherever a Keras rule squares
a gradient (Adam's $v_t$, `clipnorm`, `global_clipnorm`), an id used
twice contributes $g_1^2 + g_2^2$, not $(g_1 + g_2)^2$. `IndexedRows` is
that gradient in numpy, for the Keras rules to read exactly as Keras does.

Derived on [Inputs, heads and losses over time](../losses.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import ShapeError, _fmt, as_array


def check_ids(ids, vocab_size: int, name: str = "ids", *, vocabulary: str = "the vocabulary") -> np.ndarray:
    r"""`ids` as an integer array, every entry in $0, \dots, V-1$, or an error naming the bad id.

    `vocabulary` names what has the V entries in the message (the Keras bridge names the layer).

    Examples
    --------
    >>> check_ids([[0, 4, 5]], 5)
    Traceback (most recent call last):
    ...
    ValueError: ids contains 5 at index (0, 2), but the vocabulary has V = 5 entries: an id must be 0, …, 4.
    """
    array = np.asarray(ids)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.integer) or array.size == 0):
        if np.issubdtype(array.dtype, np.floating) and np.all(array == np.round(array)):
            array = array.astype(np.int64)
        else:
            raise TypeError(f"{name} must hold integer ids, 0, …, V − 1; it has dtype {array.dtype}.")
    array = array.astype(np.int64, copy=False)
    vocab_size = int(vocab_size)
    bad = (array < 0) | (array >= vocab_size)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains {int(array[index])} at index {index}, but {vocabulary} has V = {vocab_size} "
            f"entries: an id must be 0, …, {vocab_size - 1}."
        )
    return array


@dataclass(frozen=True)
class IndexedRows:
    r"""A gradient kept as one row per occurrence: numpy's `tf.IndexedSlices`.

    `indices` (N,) are the ids, `values` (N, d) the rows
    $\mathrm{d}L/\mathrm{d}X_{i,t}$, and the gradient they stand for is
    `dense`: the rows added into a (V, d) array. `square` is what Keras's
    TensorFlow backend computes for $g^2$: each row squared, *then* added.

    Examples
    --------
    >>> g = IndexedRows(np.array([1, 1]), np.array([[1.0], [2.0]]), 2)
    >>> g.dense(), g.square()          # (1 + 2)² = 9, but Keras's square gives 1² + 2² = 5
    (array([[0.],
           [3.]]), array([[0.],
           [5.]]))
    """

    indices: np.ndarray     # (N,)
    values: np.ndarray      # (N, d)
    vocab_size: int

    @property
    def shape(self) -> tuple:
        return (int(self.vocab_size), self.values.shape[-1])

    def dense(self) -> np.ndarray:
        """The (V, d) gradient: every row added into the row of its id."""
        dE = np.zeros(self.shape, dtype=self.values.dtype)
        np.add.at(dE, self.indices, self.values)
        return dE

    def square(self) -> np.ndarray:
        """Keras's $g^2$ for these slices: each row squared, then added, (V, d)."""
        return IndexedRows(self.indices, np.square(self.values), self.vocab_size).dense()

    def sum_of_squares(self) -> float:
        r"""Keras's $\|g\|^2$ for these slices: the sum of every row's squares."""
        return float(np.sum(np.square(self.values)))

    def __mul__(self, scale):
        return IndexedRows(self.indices, self.values * scale, self.vocab_size)

    __rmul__ = __mul__

    def __truediv__(self, divisor):
        return IndexedRows(self.indices, self.values / divisor, self.vocab_size)


def one_hot(ids, vocab_size: int, dtype=np.float64) -> np.ndarray:
    r"""The one-hot vectors of `ids`: $\operatorname{onehot}(y)_v = [v = y]$.

    Parameters
    ----------
    ids : ndarray of int, shape (β, T) (or any shape)
    vocab_size : int
        $V$.

    Returns
    -------
    ndarray of shape (β, T, V)
        One more axis than `ids`, of length $V$.

    Examples
    --------
    >>> one_hot([[2, 0]], 3)
    array([[[0., 0., 1.],
            [1., 0., 0.]]])
    """
    ids = check_ids(ids, vocab_size)
    return np.eye(vocab_size, dtype=dtype)[ids]      # row y of the identity, for every id


def _check_embeddings(embeddings) -> np.ndarray:
    E = as_array("embeddings", embeddings, np.result_type(np.asarray(embeddings).dtype, np.float32))
    if E.ndim != 2:
        raise ShapeError(f"embeddings has shape {_fmt(E.shape)}, but the equation needs (V, d): "
                         "one row of d numbers per id.")
    return E


def embedding(ids, embeddings) -> np.ndarray:
    r"""The embedding lookup $X_{i,t} = E[y_{i,t}] = \operatorname{onehot}(y_{i,t})\,E$.

    Parameters
    ----------
    ids : ndarray of int, shape (β, T)
    embeddings : ndarray of shape (V, d)
        $E$: Keras's `Embedding.embeddings`, torch's `nn.Embedding.weight`.

    Returns
    -------
    ndarray of shape (β, T, d)

    Examples
    --------
    >>> E = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])       # V = 3, d = 2
    >>> embedding([[2, 2, 0]], E)
    array([[[4., 5.],
            [4., 5.],
            [0., 1.]]])
    """
    E = _check_embeddings(embeddings)
    ids = check_ids(ids, E.shape[0])
    return E[ids]                                     # (β, T, d): row y_{i,t} of E


def embedding_backward(ids, output_gradients, vocab_size: int, *, indexed: bool = False):
    r"""$\mathrm{d}L/\mathrm{d}E$: each output gradient row added into the row its id picked.

    $$
    \frac{\mathrm{d}L}{\mathrm{d}E} = \sum_{i,t} \operatorname{onehot}(y_{i,t})^\top
    \frac{\mathrm{d}L}{\mathrm{d}X_{i,t}}
    $$

    computed as a scatter-add, `np.add.at(dE, ids, dX)`: plain indexed
    assignment `dE[ids] += dX` would keep only one of the rows of a
    repeated id.

    Parameters
    ----------
    ids : ndarray of int, shape (β, T)
    output_gradients : ndarray of shape (β, T, d)
        $\mathrm{d}L/\mathrm{d}X$.
    vocab_size : int
        $V$.
    indexed : bool
        Return the rows unsummed, as an `IndexedRows`, the way TensorFlow
        hands them to Keras's optimizers.

    Returns
    -------
    ndarray of shape (V, d), or `IndexedRows`

    Examples
    --------
    Id 2 is used twice, so its row collects both gradients; id 1 is never
    used, so its row stays zero. The one-hot product gives the same:

    >>> ids, dX = np.array([[2, 2, 0]]), np.array([[[1.0, 0.0], [10.0, 0.0], [0.0, 5.0]]])
    >>> embedding_backward(ids, dX, 3)
    array([[ 0.,  5.],
           [ 0.,  0.],
           [11.,  0.]])
    >>> one_hot(ids, 3).reshape(-1, 3).T @ dX.reshape(-1, 2)
    array([[ 0.,  5.],
           [ 0.,  0.],
           [11.,  0.]])
    """
    ids = check_ids(ids, vocab_size)
    dX = np.asarray(output_gradients)
    if dX.shape[:-1] != ids.shape or dX.ndim != ids.ndim + 1:
        raise ShapeError(f"output_gradients has shape {_fmt(dX.shape)}, but the equation needs "
                         f"ids.shape + (d,) = {_fmt(ids.shape)[:-1]}, d): one row per id.")
    rows = IndexedRows(ids.reshape(-1), dX.reshape(-1, dX.shape[-1]).astype(np.result_type(dX.dtype, np.float32)),
                       int(vocab_size))               # one row per occurrence: (βT,), (βT, d)
    if indexed:
        return rows
    dE = np.zeros(rows.shape, dtype=rows.values.dtype)
    np.add.at(dE, rows.indices, rows.values)          # dE[y_{i,t}] += dL/dX_{i,t}, repeats included
    return dE
