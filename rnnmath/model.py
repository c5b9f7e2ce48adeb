r"""A whole character model: embedding, a recurrent layer, a per-step head, the loss.

$$
X = E[\text{inputs}],\quad H = \operatorname{RNN}(X),\quad Z_t = H_t W_y + \mathbf{b}_y,\quad
L = \sum_{b,t} c_{b,t}\,\ell(\mathbf{z}_{b,t}, y_{b,t}),
$$

with the layer (`"SimpleRNN"`, `"LSTM"` or `"GRU"`) read from
`rnnmath.layers`, and its backward pass the one the BPTT pages derive. The
gradient flows back through the same four stages in reverse: the loss gives
$\partial L/\partial Z$ (`rnnmath.losses`), the head gives
$\partial L/\partial H$ (`rnnmath.head`), the layer gives
$\mathrm{d}L/\mathrm{d}X$ (BPTT), and the embedding scatters it into
$\mathrm{d}L/\mathrm{d}E$ (`rnnmath.inputs`).

The parameters are a dict, in the order of the Keras model's
`get_weights()`: `"embeddings"` (V, d), `"kernel"` (d, gk),
`"recurrent_kernel"` (k, gk), `"bias"` (gk,) (a GRU with
`reset_after=True`: (2, 3k)), `"head_kernel"` (k, V) and `"head_bias"`
(V,). PyTorch's SimpleRNN and LSTM keep a second bias, $\mathbf{b}_{hh}$,
and train both: put it in as `"bias_hh"` and the layer uses
$\mathbf{b} + \mathbf{b}_{hh}$. Both get the same gradient, so under SGD
their sum moves twice as fast as Keras's single bias.

**Teacher forcing.** To learn to predict the next character, the input at
step $t$ is the *true* character of step $t - 1$, never the model's own
guess: `teacher_forcing` cuts a text into (inputs, targets) with the targets
one character ahead.

Teacher forcing and sampling are derived on [Inputs, heads and losses over time](../losses.md); the whole model is trained, loss for loss against Keras and PyTorch, on [Training, loss for loss](../training.md), and in chunks on [Truncated backpropagation through time](../truncated-bptt.md).
"""

from __future__ import annotations

import numpy as np

from . import layers
from .head import dense, dense_backward
from .inputs import embedding, embedding_backward
from .losses import cross_entropy, cross_entropy_backward, softmax

#: The parameters' names, in the Keras model's `get_weights()` order.
PARAMETERS = ("embeddings", "kernel", "recurrent_kernel", "bias", "head_kernel", "head_bias")


def _layer(name):
    return layers.get(name)


def _layer_options(spec, bias) -> dict:
    """`reset_after` for a layer whose table entry has two bias layouts (the GRU), read off the bias."""
    if spec.weights(reset_after=True) != spec.weights(reset_after=False):
        return {"reset_after": np.ndim(bias) == 2}
    return {}


def _effective_bias(params):
    r"""$\mathbf{b}$, or $\mathbf{b}_{ih} + \mathbf{b}_{hh}$ with torch's two biases."""
    if "bias_hh" not in params:
        return params["bias"]
    if np.ndim(params["bias"]) != 1:
        raise ValueError("bias_hh is torch's second bias of a SimpleRNN or LSTM; a GRU with reset_after=True "
                         "already keeps both rows in its (2, 3k) bias.")
    return params["bias"] + params["bias_hh"]


def init_params(rng, vocab_size: int, embedding_dim: int, units: int, layer: str = "LSTM", *,
                scale: float = 0.3, reset_after: bool = True, bias_hh: bool = False) -> dict:
    r"""Small random parameters for the model, every entry uniform in $[-s, s]$.

    Parameters
    ----------
    rng : numpy.random.Generator
    vocab_size, embedding_dim, units : int
        $V$, $d$ and $k$.
    layer : str
        `"SimpleRNN"`, `"LSTM"` or `"GRU"`.
    scale : float
        $s$.
    reset_after : bool
        The GRU's variant.
    bias_hh : bool
        Add torch's second bias (SimpleRNN and LSTM), zero.

    Returns
    -------
    dict of ndarray
        Named as `PARAMETERS`, plus `"bias_hh"` if asked.

    Examples
    --------
    >>> params = init_params(np.random.default_rng(0), 5, 3, 4, "GRU")
    >>> {name: w.shape for name, w in params.items()}
    {'embeddings': (5, 3), 'kernel': (3, 12), 'recurrent_kernel': (4, 12), 'bias': (2, 12), 'head_kernel': (4, 5), 'head_bias': (5,)}
    """
    spec = _layer(layer)
    shapes = [(vocab_size, embedding_dim), *spec.weight_shapes(embedding_dim, units, reset_after=reset_after),
              (units, vocab_size), (vocab_size,)]
    params = {name: rng.uniform(-scale, scale, shape) for name, shape in zip(PARAMETERS, shapes)}
    if bias_hh:
        params["bias_hh"] = np.zeros_like(params["bias"])
    return params


def params_from_weights(weights) -> dict:
    """The params dict from a Keras model's `get_weights()` (Embedding, one recurrent layer, Dense).

    Examples
    --------
    >>> w = [np.zeros((5, 3)), np.zeros((3, 16)), np.zeros((4, 16)), np.zeros(16), np.zeros((4, 5)), np.zeros(5)]
    >>> list(params_from_weights(w))
    ['embeddings', 'kernel', 'recurrent_kernel', 'bias', 'head_kernel', 'head_bias']
    """
    if len(weights) != len(PARAMETERS):
        raise ValueError(f"weights has {len(weights)} arrays, but the model needs {len(PARAMETERS)}: "
                         f"{', '.join(PARAMETERS)} (every layer with its bias).")
    return {name: np.array(w, dtype=np.float64) for name, w in zip(PARAMETERS, weights)}


def params_to_weights(params) -> list:
    """The list for a Keras model's `set_weights()`: `PARAMETERS` in order, with torch's two biases added."""
    return [_effective_bias(params) if name == "bias" else params[name] for name in PARAMETERS]


def forward(params: dict, inputs, *, layer: str = "LSTM", initial_state=None, mask=None):
    r"""The logits at every step, and the layer's final states.

    Parameters
    ----------
    params : dict of ndarray
    inputs : ndarray of int, shape (β, T)
        Character ids.
    layer : str
    initial_state : list of ndarray (β, k), optional
        One per state of the layer (the table's `states`); zeros by default.
    mask : ndarray of bool, shape (β, T), optional
        As Keras's `Embedding(mask_zero=True)` would make it.

    Returns
    -------
    (logits, states) : ndarray (β, T, V) and a list of (β, k)
    """
    spec = _layer(layer)
    bias = _effective_bias(params)
    X = embedding(inputs, params["embeddings"])                              # (β, T, d)
    H, *states = spec.forward(X, params["kernel"], params["recurrent_kernel"], bias, initial_state=initial_state,
                              mask=mask, return_sequences=True, return_state=True,
                              **_layer_options(spec, bias))                   # (β, T, k)
    return dense(H, params["head_kernel"], params["head_bias"]), states      # (β, T, V)


def loss_and_gradients(params: dict, batch, *, layer: str = "LSTM", reduction: str = "keras", initial_state=None,
                       mask=None, return_state: bool = False, indexed_embeddings: bool = False):
    r"""The loss of one batch and its gradient with respect to every parameter.

    Parameters
    ----------
    params : dict of ndarray
    batch : (inputs, targets), each ndarray of int, shape (β, T)
    layer : str
    reduction : {"keras", "torch", "sum"}
        How the per-step losses are averaged (`rnnmath.losses`).
    initial_state : list of ndarray (β, k), optional
        The state carried in from the previous chunk (truncated BPTT). Its
        gradient is computed by the layer and dropped here: that is the cut.
    mask : ndarray of bool, shape (β, T), optional
        Masked steps: the layer holds its state there, and the loss skips them.
    return_state : bool
        Also return the final states, to carry into the next chunk.
    indexed_embeddings : bool
        Give the embedding's gradient as `rnnmath.inputs.IndexedRows`, one
        row per occurrence, as TensorFlow hands it to Keras's optimizer.
        Keras's Adam and clipping square those rows before adding them, so
        a loop that follows Keras exactly needs this.

    Returns
    -------
    (loss, grads) or (loss, grads, states)
        `grads` has one array per parameter, shaped like it.

    Examples
    --------
    Small weights guess almost uniformly over the V = 4 characters, so the
    loss starts near $\log 4 \approx 1.386$:

    >>> params = init_params(np.random.default_rng(0), 4, 3, 2)
    >>> batch = (np.array([[0, 1, 2]]), np.array([[1, 2, 3]]))
    >>> loss, grads = loss_and_gradients(params, batch)
    >>> round(loss, 4), all(grads[name].shape == params[name].shape for name in params)
    (1.3729, True)
    """
    spec = _layer(layer)
    inputs, targets = batch
    bias = _effective_bias(params)
    options = _layer_options(spec, bias)
    # Forward: embedding, layer, head, loss.
    X = embedding(inputs, params["embeddings"])                              # (β, T, d)
    H, *states = spec.forward(X, params["kernel"], params["recurrent_kernel"], bias, initial_state=initial_state,
                              mask=mask, return_sequences=True, return_state=True, **options)
    Z = dense(H, params["head_kernel"], params["head_bias"])                 # (β, T, V)
    loss = cross_entropy(Z, targets, mask=mask, reduction=reduction)
    # Backward: the same four stages, last first.
    dZ = cross_entropy_backward(Z, targets, mask=mask, reduction=reduction)  # c (softmax(z) − onehot(y))
    head = dense_backward(H, params["head_kernel"], params["head_bias"], output_gradients=dZ)
    rnn = spec.backward(X, params["kernel"], params["recurrent_kernel"], bias, output_gradients=head["inputs"],
                        initial_state=initial_state, mask=mask, **options)   # BPTT; dL/dinitial_state dropped
    grads = {
        "embeddings": embedding_backward(inputs, rnn["inputs"], params["embeddings"].shape[0],
                                         indexed=indexed_embeddings),
        "kernel": rnn["kernel"],
        "recurrent_kernel": rnn["recurrent_kernel"],
        "bias": rnn["bias"],
        "head_kernel": head["kernel"],
        "head_bias": head["bias"],
    }
    if "bias_hh" in params:
        grads["bias_hh"] = rnn["bias"]          # b + b_hh: both get dL/db
    grads = {name: grads[name] for name in params}
    if return_state:
        return loss, grads, states
    return loss, grads


def train(params: dict, batches, update, *, clip=None, layer: str = "LSTM", reduction: str = "keras",
          indexed_embeddings: bool = False, carry_state: bool = False):
    r"""The training loop: for each batch, the loss and gradients, clipping, one update.

    It is these lines, which a reader may copy:

    ```python
    opt_state, states, losses = None, None, []
    for batch in batches:
        loss, grads, ends = loss_and_gradients(params, batch, layer=layer, reduction=reduction,
                                               initial_state=states, return_state=True)
        states = ends if carry_state else None
        if clip is not None:
            grads = clip(grads)
        params, opt_state = update(params, grads, opt_state)
        losses.append(loss)
    ```

    Parameters
    ----------
    params : dict of ndarray
        The initial parameters (not changed).
    batches : iterable of (inputs, targets)
    update : callable
        An optimizer rule, `functools.partial(rnnmath.adam_keras, learning_rate=0.01)`.
    clip : callable, optional
        grads -> grads: `functools.partial(rnnmath.clip_by_global_norm_keras, clipnorm=1.0)`, or
        `lambda g: rnnmath.clip_grad_norm_torch(g, 1.0)[0]`.
    layer, reduction, indexed_embeddings
        As for `loss_and_gradients`. To follow Keras's `fit` exactly, use
        `reduction="keras", indexed_embeddings=True`; to follow a torch
        loop, `reduction="torch"`.
    carry_state : bool
        Start each batch from the states the previous one ended in, with
        the gradient cut there: truncated BPTT
        ([`train_truncated`][rnnmath.tbptt.train_truncated]). By default
        every batch starts from zeros.

    Returns
    -------
    (params, losses) : the trained parameters, and the loss of each batch *before* its update
        (what Keras's `fit` and a torch loop record).

    Examples
    --------
    >>> import functools, rnnmath
    >>> params = init_params(np.random.default_rng(0), 4, 3, 8)
    >>> batch = teacher_forcing(np.array([0, 1, 2, 3] * 4), 5)
    >>> _, losses = train(params, [batch] * 30, functools.partial(rnnmath.adam_keras, learning_rate=0.05))
    >>> losses[-1] < 0.1 * losses[0]
    True
    """
    opt_state, states, losses = None, None, []
    for batch in batches:
        loss, grads, ends = loss_and_gradients(params, batch, layer=layer, reduction=reduction,
                                               initial_state=states, return_state=True,
                                               indexed_embeddings=indexed_embeddings)
        states = ends if carry_state else None    # carried: the forward pass continues, the gradient is cut
        if clip is not None:
            grads = clip(grads)
        params, opt_state = update(params, grads, opt_state)
        losses.append(loss)
    return params, losses


def vocabulary(text: str) -> list:
    """The distinct characters of `text`, sorted: character `vocabulary[i]` has id i.

    Examples
    --------
    >>> vocabulary("hello")
    ['e', 'h', 'l', 'o']
    """
    return sorted(set(text))


def encode(text: str, chars) -> np.ndarray:
    """The ids of `text`'s characters, shape (N,).

    Examples
    --------
    >>> encode("hello", vocabulary("hello"))
    array([1, 0, 2, 2, 3])
    """
    index = {c: i for i, c in enumerate(chars)}
    unknown = sorted(set(text) - set(index))
    if unknown:
        raise ValueError(f"text has characters that are not in the vocabulary: {unknown!r}.")
    return np.array([index[c] for c in text], dtype=np.int64)


def decode(ids, chars) -> str:
    """The text of `ids`.

    Examples
    --------
    >>> decode([1, 0, 2, 2, 3], vocabulary("hello"))
    'hello'
    """
    return "".join(chars[int(i)] for i in np.ravel(ids))


def teacher_forcing(ids, steps: int):
    r"""(inputs, targets) for next-character prediction: the input at $t$ is the true character of $t - 1$.

    The text $y_0, y_1, \dots, y_{N-1}$ is cut into $\lfloor (N-1)/T \rfloor$
    sequences of $T$ steps; sequence $s$ has inputs
    $y_{sT}, \dots, y_{sT+T-1}$ and targets one ahead,
    $y_{sT+1}, \dots, y_{sT+T}$. What is left over is dropped.

    Parameters
    ----------
    ids : ndarray of int, shape (N,)
    steps : int
        $T$.

    Returns
    -------
    (inputs, targets) : two ndarrays of int, shape (S, T)

    Examples
    --------
    >>> inputs, targets = teacher_forcing(np.arange(8), 3)
    >>> inputs
    array([[0, 1, 2],
           [3, 4, 5]])
    >>> targets
    array([[1, 2, 3],
           [4, 5, 6]])
    """
    ids = np.asarray(ids)
    if ids.ndim != 1:
        raise ValueError(f"ids has shape {ids.shape}, but teacher forcing needs one text, shape (N,).")
    S = (len(ids) - 1) // steps
    if S < 1:
        raise ValueError(f"ids has {len(ids)} characters: a sequence of T = {steps} steps needs at least "
                         f"{steps + 1} (T inputs and one more target).")
    inputs = ids[: S * steps].reshape(S, steps)                 # y_{sT}, …, y_{sT+T−1}
    targets = ids[1 : S * steps + 1].reshape(S, steps)          # y_{sT+1}, …, y_{sT+T}: one ahead
    return inputs, targets


def sample(params: dict, start, length: int, *, rng, temperature: float = 1.0, layer: str = "LSTM") -> np.ndarray:
    r"""Generate `length` ids after `start`, each drawn from $\operatorname{softmax}(\mathbf{z}/\tau)$.

    The start is read with teacher forcing; then each drawn id is fed back
    as the next input. A temperature $\tau < 1$ sharpens the distribution
    (towards the most likely character), $\tau > 1$ flattens it.

    Parameters
    ----------
    params : dict of ndarray
    start : sequence of int
        The ids to begin with (at least one).
    length : int
    rng : numpy.random.Generator
        Seeded, so that the sample is reproducible.
    temperature : float
        $\tau > 0$.
    layer : str

    Returns
    -------
    ndarray of int, shape (length,)

    Examples
    --------
    >>> params = init_params(np.random.default_rng(0), 4, 3, 2)
    >>> sample(params, [0], 6, rng=np.random.default_rng(1)).shape
    (6,)
    """
    if temperature <= 0:
        raise ValueError(f"temperature is {temperature}, but it must be > 0 (τ divides the logits).")
    start = np.asarray(start, dtype=np.int64).reshape(1, -1)          # (1, T₀)
    if start.size == 0:
        raise ValueError("start is empty: sampling needs at least one id to begin with.")
    logits, states = forward(params, start, layer=layer)
    drawn = []
    for _ in range(int(length)):
        p = softmax(logits[0, -1] / temperature)                      # (V,): softmax(z / τ)
        next_id = int(rng.choice(p.shape[0], p=p))
        drawn.append(next_id)
        logits, states = forward(params, np.array([[next_id]]), layer=layer, initial_state=states)
    return np.array(drawn, dtype=np.int64)
