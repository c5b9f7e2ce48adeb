r"""Weights from Keras to PyTorch and back: the same numbers, in the other layout.

numpy only: neither framework needs to be installed. The layouts are those
of `rnnmath/torch_layout.py`; converting one is three moves:

- transpose: torch's `weight_ih_l0` is $\hat W_x = W_x^\top$, $(gk, n)$;
- reorder the gate blocks (the GRU's r, z, n against z, r, c);
- split or add the biases: Keras's RNN and LSTM have one bias,
  $\mathbf{b} = \mathbf{b}_{ih} + \mathbf{b}_{hh}$; the GRU's two rows of
  `reset_after=True` are exactly $\mathbf{b}_{ih}$ and $\mathbf{b}_{hh}$.

Some layers have no counterpart, and converting one is an error that says
why: a Keras GRU with `reset_after=False` (torch resets after the product),
a torch LSTM with `proj_size` (Keras has no projection), and an activation
that torch's modules do not offer (nn.RNN offers tanh and relu; nn.LSTM and
nn.GRU only tanh, with sigmoid gates).

Page: "PyTorch".
"""

from __future__ import annotations

import numpy as np

from . import torch_layout
from .checks import ShapeError, expect_shape


def _blocks_reordered(A, order, axis):
    """A's gate blocks along `axis`, picked in `order` (each block A.shape[axis] / g wide)."""
    g = len(order)
    blocks = np.split(A, g, axis=axis)
    return np.concatenate([blocks[j] for j in order], axis=axis)


def _inverse(order):
    inverse = [0] * len(order)
    for position, j in enumerate(order):
        inverse[j] = position
    return inverse


def _check_activations(entry, activation, recurrent_activation):
    allowed, allowed_recurrent = torch_layout.TORCH_ACTIVATIONS[entry.name]
    torch_name = torch_layout.TORCH_NAMES[entry.name]
    if activation not in allowed:
        offered = " or ".join(repr(a) for a in sorted(allowed))
        raise ValueError(
            f"activation={activation!r} has no torch equivalent: nn.{torch_name} offers {offered} only"
            + ("." if entry.gates else " (its nonlinearity).")
        )
    if allowed_recurrent is not None and recurrent_activation not in allowed_recurrent:
        raise ValueError(
            f"recurrent_activation={recurrent_activation!r} has no torch equivalent: nn.{torch_name}'s gates "
            "are always 'sigmoid'."
        )


def _one_to_torch(entry, arrays, layer_index, reverse, reset_after):
    names = lambda kind: torch_layout.parameter_name(kind, layer_index, reverse)   # noqa: E731
    order = torch_layout.torch_block_order(entry.name)               # torch block j ← Keras block order[j]
    W_x, W_h, *rest = [np.asarray(a) for a in arrays]
    two_rows = torch_layout.keeps_two_bias_rows(entry)                # the GRU: Keras's b_x, b_h are b_ih, b_hh
    if two_rows and (not reset_after or (rest and np.ndim(rest[0]) == 1)):
        raise ValueError(
            "A Keras GRU with reset_after=False has no torch equivalent: nn.GRU resets after the "
            "recurrent product, n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), which is Keras's "
            "reset_after=True. Train the Keras layer with reset_after=True to convert it."
        )
    k = W_h.shape[0]
    gk = entry.blocks * k
    expect_shape("kernel", W_x, (W_x.shape[0], gk), f"(n, {entry.blocks}k)", f"k = {k}")
    expect_shape("recurrent_kernel", W_h, (k, gk), f"(k, {entry.blocks}k)", f"k = {k}")
    # Ŵ = Wᵀ, then torch's block j is Keras's block order[j].
    state = {names("weight_ih"): _blocks_reordered(W_x.T, order, 0),
             names("weight_hh"): _blocks_reordered(W_h.T, order, 0)}
    if rest:
        (b,) = rest
        if two_rows:
            expect_shape("bias", b, (2, gk), "(2, 3k)", f"k = {k}")
            b_ih, b_hh = b[0], b[1]
        else:
            expect_shape("bias", b, (gk,), f"({'' if entry.blocks == 1 else entry.blocks}k,)", f"k = {k}")
            b_ih, b_hh = b, np.zeros_like(b)                          # only b_ih + b_hh matters
        state[names("bias_ih")] = _blocks_reordered(b_ih, order, 0)
        state[names("bias_hh")] = _blocks_reordered(b_hh, order, 0)
    return state


def keras_to_torch(layer, weights, *, layer_index=0, activation="tanh", recurrent_activation="sigmoid",
                   reset_after=True) -> dict:
    r"""A Keras layer's `get_weights()` as a torch state dict, ready for `load_state_dict`.

    Parameters
    ----------
    layer : "SimpleRNN" (or "RNN"), "LSTM" or "GRU"
        The Keras layer's kind.
    weights : list of ndarray
        What `get_weights()` returns: kernel $(n, gk)$, recurrent_kernel
        $(k, gk)$ and, with `use_bias`, bias $(gk,)$ (the GRU's $(2, 3k)$);
        twice that, forward then backward, for a `Bidirectional` layer.
    layer_index : int
        L in torch's names (`weight_ih_l{L}`): where this layer sits in a
        torch stack.
    activation, recurrent_activation, reset_after
        The Keras layer's options, checked against what torch offers.

    Returns
    -------
    dict of str to ndarray
        `weight_ih_l0` $(gk, n)$, `weight_hh_l0` $(gk, k)$, and with a bias
        `bias_ih_l0` and `bias_hh_l0`, each $(gk,)$; the `_reverse` names too
        for a `Bidirectional` list. A Keras RNN's or LSTM's single bias
        becomes `bias_ih`, and `bias_hh` is zero: torch adds the two, so
        the sum is Keras's bias. A GRU's two rows become the two biases.

    Examples
    --------
    >>> import numpy as np
    >>> W_x = np.arange(6.0).reshape(1, 6)             # n = 1, k = 2: blocks z, r, c of 2 columns
    >>> state = keras_to_torch("GRU", [W_x, np.zeros((2, 6)), np.ones((2, 6))])
    >>> state["weight_ih_l0"][:, 0]                    # torch's r, z, n: Keras's r first
    array([2., 3., 0., 1., 4., 5.])
    >>> sorted(state)
    ['bias_hh_l0', 'bias_ih_l0', 'weight_hh_l0', 'weight_ih_l0']
    """
    entry = torch_layout.layer(layer)
    _check_activations(entry, activation, recurrent_activation)
    weights = list(weights)
    if len(weights) not in (2, 3, 4, 6):
        raise ValueError(
            f"weights has {len(weights)} arrays, but a Keras {entry.name}'s get_weights() has 3 (kernel, "
            "recurrent_kernel, bias) or 2 without bias, and a Bidirectional layer's twice that: 6 or 4."
        )
    if len(weights) in (2, 3):
        return _one_to_torch(entry, weights, layer_index, False, reset_after)
    half = len(weights) // 2
    return {**_one_to_torch(entry, weights[:half], layer_index, False, reset_after),
            **_one_to_torch(entry, weights[half:], layer_index, True, reset_after)}


def _one_to_keras(entry, state, layer_index, reverse, projected=False):
    name = lambda kind: torch_layout.parameter_name(kind, layer_index, reverse)     # noqa: E731
    if name("weight_hr") in state and not projected:
        raise ValueError(
            f"{name('weight_hr')} is a projection (an LSTM with proj_size): h_t = W_hr(o_t ⊙ tanh c_t). "
            "Keras's LSTM has no projection, so this layer cannot be converted; rnnmath.torch.forward "
            "runs it with rnnmath instead."
        )
    for kind in ("weight_ih", "weight_hh"):
        if name(kind) not in state:
            raise KeyError(f"the state dict has no {name(kind)!r}; its keys are {sorted(state)}.")
    back = _inverse(torch_layout.torch_block_order(entry.name))      # Keras block j ← torch block back[j]
    W_ih, W_hh = np.asarray(state[name("weight_ih")]), np.asarray(state[name("weight_hh")])
    G = "" if entry.blocks == 1 else str(entry.blocks)
    if projected:                                                    # weight_hh is (4k, p), weight_hr (p, k)
        k = np.shape(state[name("weight_hr")])[-1]
        gk = entry.blocks * k
        p = np.shape(state[name("weight_hr")])[0]
        expect_shape(name("weight_hh"), W_hh, (gk, p), "(4k, p)", f"k = {k}, p = {p} ({name('weight_hr')}.shape)")
    else:
        k = W_hh.shape[-1]
        gk = entry.blocks * k
        expect_shape(name("weight_hh"), W_hh, (gk, k), f"({G}k, k)", f"k = {k} (its last axis)")
    if W_ih.ndim != 2 or W_ih.shape[0] != gk:
        raise ShapeError(f"{name('weight_ih')} has shape {W_ih.shape}, but the equation needs ({G}k, n) "
                         f"with {G}k = {gk}.")
    arrays = [_blocks_reordered(W_ih, back, 0).T, _blocks_reordered(W_hh, back, 0).T]   # W_x = Ŵ_xᵀ
    has_ih, has_hh = name("bias_ih") in state, name("bias_hh") in state
    if has_ih != has_hh:
        raise KeyError(f"the state dict has one of {name('bias_ih')!r} and {name('bias_hh')!r} but not the other.")
    if has_ih:
        b_ih, b_hh = np.asarray(state[name("bias_ih")]), np.asarray(state[name("bias_hh")])
        for bias_name, b in ((name("bias_ih"), b_ih), (name("bias_hh"), b_hh)):
            expect_shape(bias_name, b, (gk,), f"({G}k,)", f"k = {k}")
        b_ih, b_hh = _blocks_reordered(b_ih, back, 0), _blocks_reordered(b_hh, back, 0)
        arrays.append(np.stack([b_ih, b_hh]) if torch_layout.keeps_two_bias_rows(entry) else b_ih + b_hh)
    return arrays


def torch_to_keras(layer, state_dict, *, layer_index=0) -> list:
    r"""A torch module's parameters as the list Keras's `set_weights()` takes.

    Parameters
    ----------
    layer : "RNN" (or "SimpleRNN"), "LSTM" or "GRU"
    state_dict : dict of str to tensor or ndarray
        `module.state_dict()`, or any dict with torch's names. CPU tensors
        are read with `np.asarray`.
    layer_index : int
        Which layer of a torch stack to convert (`_l{layer_index}`).

    Returns
    -------
    list of ndarray
        kernel $(n, gk)$, recurrent_kernel $(k, gk)$ and, if the module has
        biases, bias: $\mathbf{b}_{ih} + \mathbf{b}_{hh}$ $(gk,)$ for an RNN or
        LSTM, the two rows $(2, 3k)$ for a GRU (Keras's `reset_after=True`).
        When the state dict has `_reverse` entries for this layer, the
        backward direction's arrays follow: a `Bidirectional` layer's list.

    Examples
    --------
    >>> import numpy as np
    >>> state = {"weight_ih_l0": np.ones((4, 3)), "weight_hh_l0": np.ones((4, 1)),
    ...          "bias_ih_l0": np.full(4, 0.25), "bias_hh_l0": np.full(4, 0.5)}
    >>> [w.shape for w in torch_to_keras("LSTM", state)]
    [(3, 4), (1, 4), (4,)]
    >>> torch_to_keras("LSTM", state)[2]               # the two biases, added
    array([0.75, 0.75, 0.75, 0.75])
    """
    entry = torch_layout.layer(layer)
    state = dict(state_dict)
    arrays = _one_to_keras(entry, state, layer_index, False)
    if torch_layout.parameter_name("weight_ih", layer_index, True) in state:
        arrays += _one_to_keras(entry, state, layer_index, True)
    return arrays


def projected_lstm_weights(state_dict, *, layer_index=0, reverse=False) -> list:
    r"""A torch LSTM's layer with `proj_size`, in the row form `rnnmath.lstm_projected` takes.

    Keras has no projection, so this is not a Keras list: it is kernel
    $(n, 4k)$, recurrent_kernel $(p, 4k)$, bias $\mathbf{b}_{ih} +
    \mathbf{b}_{hh}$ $(4k,)$ or None without biases, and projection $W_r =
    W_{hr}^\top$ $(k, p)$, for one direction (`reverse` picks the backward one).

    Examples
    --------
    >>> import numpy as np
    >>> state = {"weight_ih_l0": np.ones((8, 3)), "weight_hh_l0": np.ones((8, 1)), "weight_hr_l0": np.ones((1, 2))}
    >>> [None if w is None else w.shape for w in projected_lstm_weights(state)]
    [(3, 8), (1, 8), None, (2, 1)]
    """
    state = dict(state_dict)
    hr = torch_layout.parameter_name("weight_hr", layer_index, reverse)
    if hr not in state:
        raise KeyError(f"the state dict has no {hr!r}: this layer has no projection; use torch_to_keras.")
    arrays = _one_to_keras(torch_layout.layer("LSTM"), state, layer_index, reverse, projected=True)
    if len(arrays) == 2:
        arrays.append(None)
    return [*arrays, np.asarray(state[hr]).T]                        # W_r = W_hrᵀ: (k, p)
