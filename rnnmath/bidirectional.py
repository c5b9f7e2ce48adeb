r"""Keras's Bidirectional wrapper: one layer reads forwards, a copy reads backwards.

The forward layer computes $\overrightarrow{H}_t$ for t = 1, …, T. The
backward layer, with its own weights, runs with `go_backwards=True`, so it
computes $\overleftarrow{H}_t$ for t = T, …, 1 and returns them in that
order. Before merging, Keras flips the backward sequence back, so that
position t holds both directions' outputs for step t:

$$
Y_t = \mathrm{merge}\big(\overrightarrow{H}_t,\ \overleftarrow{H}_t\big),
$$

where merge is `concat` (width 2k), `sum`, `ave` or `mul` (width
k), or None (the two outputs, unmerged). When it returns sequences, Keras
sets `zero_output_for_mask` on both layers, so a masked step outputs zeros.

The weights are the forward layer's arrays, then the backward layer's: a
Bidirectional layer has exactly twice the parameters of the layer it wraps.

Page: [Bidirectional and stacked layers](../bidirectional.md).
"""

from __future__ import annotations

import numpy as np

from . import layers
from .checks import check_flags
from .simple_rnn import simple_rnn  # noqa: F401  (the docstring's example uses it)

MERGE_MODES = ("concat", "sum", "ave", "mul", None)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def merge(forward, backward, merge_mode):
    """Merge the two directions' outputs (already aligned in time)."""
    if merge_mode == "concat":
        return np.concatenate([forward, backward], axis=-1)  # (…, 2k)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "ave":
        return (forward + backward) / 2
    if merge_mode == "mul":
        return forward * backward
    if merge_mode is None:
        return [forward, backward]
    raise ValueError(f"Unknown merge_mode {merge_mode!r}; Keras's are 'concat', 'sum', 'ave', 'mul' and None.")


def bidirectional(
    layer,
    inputs,
    weights,
    *,
    merge_mode="concat",
    initial_state=None,
    mask=None,
    return_sequences=False,
    return_state=False,
    **layer_options,
):
    r"""Keras's `Bidirectional(layer)`: the layer forwards and a copy backwards, merged.

    Parameters
    ----------
    layer : rnnmath.simple_rnn, rnnmath.lstm or rnnmath.gru
        The layer function to run in both directions.
    inputs : ndarray of shape (β, T, n)
    weights : list of ndarrays
        What `Bidirectional.get_weights()` returns: the forward layer's
        arrays (kernel, recurrent_kernel[, bias]), then the backward layer's.
    merge_mode : "concat", "sum", "ave", "mul" or None
    initial_state : list of ndarrays (β, k), optional
        The forward layer's states, then the backward layer's.
    mask : ndarray of bool, shape (β, T), optional
    return_sequences, return_state : bool
    **layer_options
        Passed to both directions, such as `activation` or `reset_after`.

    Returns
    -------
    ndarray, or list
        The merged output: (β, 2k) for concat, (β, k) otherwise, with a T
        axis when `return_sequences`. With merge_mode None, the two
        outputs. With `return_state`, the output(s), then the forward
        states, then the backward states.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[[1.0], [2.0], [3.0]]])                   # (β, T, n) = (1, 3, 1)
    >>> fwd = [[[1.0]], [[1.0]]]                                  # kernel, recurrent_kernel
    >>> bwd = [[[10.0]], [[0.0]]]
    >>> y = bidirectional(simple_rnn, x, [*fwd, *bwd], activation="linear", return_sequences=True)
    >>> y[0]                                 # forward: running sums; backward: 10·x_t
    array([[ 1., 10.],
           [ 3., 20.],
           [ 6., 30.]])
    """
    if not any(layer is known.forward for known in layers.LAYERS.values()):
        raise TypeError(
            f"layer must be rnnmath.simple_rnn, rnnmath.lstm or rnnmath.gru; got "
            f"{getattr(layer, '__name__', None) or type(layer).__name__}."
        )
    entry = layers.of_function(layer)       # the table's entry: its weights and its states
    if not (merge_mode is None or isinstance(merge_mode, str)) or merge_mode not in MERGE_MODES:
        raise ValueError(f"Unknown merge_mode {_short(merge_mode)}; Keras's are 'concat', 'sum', 'ave', 'mul' and None.")
    check_flags(return_sequences=return_sequences, return_state=return_state)
    for option in ("go_backwards", "zero_output_for_mask"):
        if option in layer_options:
            raise TypeError(
                f"bidirectional sets {option} itself: the backward copy runs with go_backwards=True, and "
                "masked steps output zeros exactly when return_sequences is True."
            )
    if not isinstance(weights, (list, tuple)):
        raise TypeError(
            f"weights must be a list of arrays, what Bidirectional.get_weights() returns; got {type(weights).__name__}."
        )
    weights = list(weights)
    with_bias, without_bias = len(entry.weights()), len(entry.weights(use_bias=False))
    if len(weights) not in (2 * without_bias, 2 * with_bias):
        names = ", ".join(w.name for w in entry.weights())
        raise ValueError(
            f"weights has {len(weights)} arrays, but Bidirectional({entry.name}) needs the forward "
            f"layer's {names} (or {without_bias} arrays without bias), then the backward "
            f"layer's: {2 * with_bias} arrays, or {2 * without_bias} without bias."
        )
    half = len(weights) // 2
    states = [None, None]
    if initial_state is not None:
        count = len(entry.states)
        if not isinstance(initial_state, (list, tuple)):
            raise TypeError(
                f"initial_state must be a list of {2 * count} (β, k) arrays, the forward layer's state(s), then "
                f"the backward layer's; got {type(initial_state).__name__}."
            )
        if len(initial_state) != 2 * count:
            raise ValueError(
                f"initial_state has {len(initial_state)} arrays, but Bidirectional({entry.name}) needs "
                f"{2 * count}: the forward layer's {count} state(s), then the backward layer's."
            )
        states = [list(initial_state[:count]), list(initial_state[count:])]

    common = dict(mask=mask, return_sequences=return_sequences, return_state=True,
                  zero_output_for_mask=return_sequences, **layer_options)
    Y_f, *states_f = layer(inputs, *weights[:half], initial_state=states[0], **common)
    Y_b, *states_b = layer(inputs, *weights[half:], initial_state=states[1], go_backwards=True, **common)
    if return_sequences:
        Y_b = Y_b[:, ::-1]          # back to t = 1, …, T
    if merge_mode in ("sum", "ave", "mul") and Y_f.shape != Y_b.shape:
        raise ValueError(
            f"merge_mode={merge_mode!r} adds or multiplies the two directions entry by entry, but the forward "
            f"layer has {Y_f.shape[-1]} units and the backward layer {Y_b.shape[-1]}; use merge_mode='concat' "
            "or None, or give both directions the same units."
        )
    output = merge(Y_f, Y_b, merge_mode)
    if not return_state:
        return output
    outputs = output if merge_mode is None else [output]
    return [*outputs, *states_f, *states_b]
