r"""Truncated backpropagation through time: a long sequence in chunks.

A text too long for one backward pass is split into streams of $T$ steps,
and each stream is cut into chunks of $K$ steps. The forward pass carries
the state across each cut (Keras's `stateful=True`; in torch, passing the
last `h_n` in as the next `h_0`), so the model
still reads the text as one sequence. The backward pass stops at each cut:
the state handed in is treated as a constant, so the gradient with respect
to it, which `rnnmath.lstm_backward` and the others compute as
`grads["initial_state"]`, is simply dropped (torch's `h_n.detach()`).

In the sum over paths of BPTT, $\mathrm{d}L/\mathrm{d}W = \sum_t \sum_{s \le t}
\frac{\partial L_t}{\partial S_t}\,\frac{\partial S_t}{\partial S_s}\,
\frac{\partial^+ S_s}{\partial W}$, the cut keeps only the terms whose $s$ lies
in the same chunk as $t$: every path that crosses a chunk boundary is
dropped. `chunked_gradients` computes what remains, to set beside the
full gradient.

For the chunks to continue each other, the batch holds $\beta$ *streams*:
row $i$ of each chunk continues row $i$ of the chunk before (`stream_batches`),
which is how Keras's stateful layers expect their batches.

Derived on [Truncated backpropagation through time](../truncated-bptt.md).
"""

from __future__ import annotations

import numpy as np

from .model import loss_and_gradients, train


def stream_batches(ids, batch_size: int, steps: int) -> list:
    r"""Cut a text into $\beta$ parallel streams, then into chunks of $K$ steps, with teacher forcing.

    The text (`len(ids)` ids) is split into β streams of equal length; the
    first chunk holds steps $0, \dots, K - 1$ (counted from 0) of every
    stream as inputs, the next steps $K, \dots, 2K - 1$, and so on, and the
    next character of each as targets.

    Parameters
    ----------
    ids : ndarray of int, one dimension
    batch_size, steps : int
        $\beta$ and $K$.

    Returns
    -------
    list of (inputs, targets), each ndarray of int, shape (β, K)

    Examples
    --------
    >>> chunks = stream_batches(np.arange(14), 2, 3)
    >>> [inputs.tolist() for inputs, _ in chunks]       # stream 0 is 0…6, stream 1 is 7…13
    [[[0, 1, 2], [7, 8, 9]], [[3, 4, 5], [10, 11, 12]]]
    >>> chunks[0][1].tolist()
    [[1, 2, 3], [8, 9, 10]]
    """
    ids = np.asarray(ids)
    length = len(ids) // batch_size                         # each stream's characters
    n_chunks = (length - 1) // steps
    if n_chunks < 1:
        raise ValueError(f"ids has {len(ids)} characters: {batch_size} streams of chunks of {steps} steps "
                         f"need at least {batch_size * (steps + 1)}.")
    streams = ids[: batch_size * length].reshape(batch_size, length)   # (β, len(ids) // β)
    return [(streams[:, j * steps : (j + 1) * steps], streams[:, j * steps + 1 : (j + 1) * steps + 1])
            for j in range(n_chunks)]


def train_truncated(params: dict, chunks, update, *, clip=None, layer: str = "LSTM", reduction: str = "keras",
                    indexed_embeddings: bool = False):
    r"""Train on consecutive chunks, carrying the state forward and cutting the gradient at each boundary.

    It is [`rnnmath.model.train`][rnnmath.model.train] with `carry_state=True`:
    each chunk's `loss_and_gradients` starts from the states the previous
    chunk ended in (`initial_state`), and the gradient with respect to those
    states is dropped. The state carried into a chunk is the one the
    previous chunk's forward pass ended in, computed with the weights
    *before* that chunk's update, as in Keras's stateful layers and in a torch loop that
    detaches `h_n`.

    Parameters
    ----------
    params, update, clip, layer, reduction, indexed_embeddings
        As for `rnnmath.model.train`.
    chunks : list of (inputs, targets)
        From `stream_batches`.

    Returns
    -------
    (params, losses)

    Examples
    --------
    >>> import functools, rnnmath
    >>> from rnnmath.model import init_params
    >>> chunks = stream_batches(np.array([0, 1, 2, 3] * 12), 2, 4)
    >>> params = init_params(np.random.default_rng(0), 4, 3, 8)
    >>> _, losses = train_truncated(params, chunks * 8, functools.partial(rnnmath.adam_keras, learning_rate=0.05))
    >>> losses[-1] < 0.2 * losses[0]
    True
    """
    return train(params, chunks, update, clip=clip, layer=layer, reduction=reduction,
                 indexed_embeddings=indexed_embeddings, carry_state=True)


def chunked_gradients(params: dict, batch, steps: int, *, layer: str = "LSTM"):
    r"""The gradient that truncated BPTT computes on one long batch, without updating in between.

    The batch (β, T) is cut into chunks of $K$ = `steps` steps; the state
    is carried across the cuts and the gradient is not. With
    `reduction="sum"`, the chunks' losses add up to the whole sequence's
    loss exactly, and their gradients add up to the full gradient *minus*
    every path that crosses a cut.

    Returns
    -------
    (loss, grads) : the summed loss (equal to the full one) and the summed, truncated gradients

    Examples
    --------
    >>> from rnnmath.model import init_params
    >>> params = init_params(np.random.default_rng(0), 4, 3, 2)
    >>> batch = (np.array([[0, 1, 2, 3, 0, 1]]), np.array([[1, 2, 3, 0, 1, 2]]))
    >>> full_loss, full = loss_and_gradients(params, batch, reduction="sum")
    >>> loss, cut = chunked_gradients(params, batch, 3)
    >>> bool(np.isclose(loss, full_loss)), bool(np.allclose(cut["recurrent_kernel"], full["recurrent_kernel"]))
    (True, False)
    >>> bool(np.allclose(cut["head_kernel"], full["head_kernel"]))   # no path to W^Dense crosses a cut
    True
    """
    inputs, targets = (np.asarray(a) for a in batch)
    total, summed, states = 0.0, None, None
    for start in range(0, inputs.shape[1], steps):
        chunk = (inputs[:, start : start + steps], targets[:, start : start + steps])
        loss, grads, states = loss_and_gradients(params, chunk, layer=layer, reduction="sum",
                                                 initial_state=states, return_state=True)
        total += loss
        summed = grads if summed is None else {name: summed[name] + grads[name] for name in grads}
    return total, summed
