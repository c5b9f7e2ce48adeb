r"""Optimizers: SGD, SGD with momentum, and Adam, exactly as Keras 3 and PyTorch step.

Each rule is a pure function: `params, state = rule(params, grads, state,
**hyperparameters)`. `params` and `grads` are dicts of arrays with the
same names; `state` is a small dict (`None` before the first step) that
holds the step count and one buffer per parameter. Nothing is changed in
place, so a loop can keep every step's weights.

Read from `keras/src/optimizers/sgd.py` and `adam.py` (Keras 3.15) and
`torch/optim/sgd.py` and `adam.py` (the single-tensor path torch takes
on the CPU), for a parameter $\theta$, its gradient $g_u$ at update
$u = 1, 2, \dots$ (the update number, not the time step $t$) and learning rate $\eta$:

**The numbers Keras rounds.** Keras keeps $\eta$ in a variable of
`floatx`, and its TensorFlow backend casts the Python floats $\mu$,
$\beta_1$ and $\beta_2$ to the weights' dtype through a float32 tensor
(`ops.cast(0.9, "float64")` is 0.8999999761581421): so even in float64,
Keras's momentum is `np.float32(μ)`, and its bias corrections use
`np.float32(β)`$^u$ (the updates of $\mathbf{m}_u$ and $\mathbf{v}_u$ use $1 - \beta$
exactly). The Keras rules here do the same.

**SGD.** Both: $\theta_u = \theta_{u-1} - \eta\, g_u$. Keras's default $\eta$
is 0.01, torch's 0.001.

**Momentum $\mu$.** Keras keeps a velocity $\mathbf{m}_0 = 0$,
$\mathbf{m}_u = \mu \mathbf{m}_{u-1} - \eta g_u$, $\theta_u = \theta_{u-1} + \mathbf{m}_u$. Torch keeps a
buffer that *starts at the first gradient*, $\boldsymbol{\nu}_1 = g_1$, then
$\boldsymbol{\nu}_u = \mu \boldsymbol{\nu}_{u-1} + (1 - \zeta) g_u$ with dampening $\zeta$ (default 0), and
$\theta_u = \theta_{u-1} - \eta\, \boldsymbol{\nu}_u$. With $\zeta = 0$ and a constant
$\eta$, $\mathbf{m}_u = -\eta\, \boldsymbol{\nu}_u$: the same steps, differently rounded. With
$\zeta > 0$ they part, because torch's first step is undamped.

**Nesterov.** Keras: $\theta_u = \theta_{u-1} + \mu \mathbf{m}_u - \eta g_u$. Torch:
$\theta_u = \theta_{u-1} - \eta\,(g_u + \mu \boldsymbol{\nu}_u)$; the same, for $\zeta = 0$.

**Adam.** Both keep $\mathbf{m}_u = \beta_1 \mathbf{m}_{u-1} + (1-\beta_1) g_u$ and
$\mathbf{v}_u = \beta_2 \mathbf{v}_{u-1} + (1-\beta_2) g_u^2$ from zero, and both correct the
bias of starting at zero. They differ in where $\varepsilon$ enters:

$$
\text{Keras:}\quad \theta_u = \theta_{u-1} - \eta\,\frac{\sqrt{1-\beta_2^u}}{1-\beta_1^u}\,
\frac{\mathbf{m}_u}{\sqrt{\mathbf{v}_u} + \varepsilon},\quad \varepsilon = 10^{-7};
\qquad
\text{torch:}\quad \theta_u = \theta_{u-1} - \frac{\eta}{1-\beta_1^u}\,
\frac{\mathbf{m}_u}{\sqrt{\mathbf{v}_u}/\sqrt{1-\beta_2^u} + \varepsilon},\quad \varepsilon = 10^{-8}.
$$

Keras folds the bias correction into the learning rate and adds
$\varepsilon$ to $\sqrt{\mathbf{v}_u}$; torch corrects $\mathbf{v}_u$ first, $\hat{\mathbf{v}}_u = \mathbf{v}_u/(1-\beta_2^u)$, and adds
$\varepsilon$ to $\sqrt{\hat{\mathbf{v}}_u}$. Written in torch's form, Keras's
$\varepsilon$ is $\varepsilon/\sqrt{1-\beta_2^u}$: about 32 times larger at
$u = 1$ (for $\beta_2 = 0.999$), and 10 times larger again by default. Where
$\sqrt{\hat{\mathbf{v}}_u}$ is small, near a minimum, the two take visibly different
steps.

A gradient may be an `rnnmath.inputs.IndexedRows`, the embedding's
gradient as TensorFlow hands it to Keras: the rules add its rows up, and
`adam_keras` squares them first, as Keras does.

Derived on [Optimizers and clipping](../optimizers.md); the whole model trained with each rule on [Training, loss for loss](../training.md).
"""

from __future__ import annotations

import numpy as np

from .checks import ShapeError, _fmt
from .inputs import IndexedRows


def dense(g, dtype=None) -> np.ndarray:
    """A gradient as an array: `IndexedRows` added up, anything else as it is."""
    g = g.dense() if isinstance(g, IndexedRows) else g
    return np.asarray(g, dtype=dtype)


def square(g, dtype=None) -> np.ndarray:
    """$g^2$ as Keras's TensorFlow backend computes it: for `IndexedRows`, each row squared before they are added."""
    return np.asarray(g.square() if isinstance(g, IndexedRows) else np.square(g), dtype=dtype)


def _start(params, grads, state, buffers):
    """Check that `grads` matches `params`, and make the first state: step 0, zero buffers."""
    if set(grads) != set(params):
        missing, extra = sorted(set(params) - set(grads)), sorted(set(grads) - set(params))
        raise ValueError(f"grads must have one gradient per parameter: missing {missing}, unexpected {extra}.")
    for name, theta in params.items():
        shape = grads[name].shape if isinstance(grads[name], IndexedRows) else np.shape(grads[name])
        if shape != np.shape(theta):
            raise ShapeError(f"grads[{name!r}] has shape {_fmt(shape)}, but params[{name!r}] "
                             f"has shape {_fmt(np.shape(theta))}: a gradient is shaped like its parameter.")
    if state is None:
        state = {"step": 0, **{b: {name: None for name in params} for b in buffers}}
    return {"step": state["step"] + 1, **{b: dict(state[b]) for b in buffers}}


def sgd_keras(params: dict, grads: dict, state: dict | None = None, *, learning_rate: float = 0.01,
              momentum: float = 0.0, nesterov: bool = False):
    r"""One step of Keras 3's `SGD`: $\mathbf{m}_u = \mu \mathbf{m}_{u-1} - \eta g_u$, $\theta_u = \theta_{u-1} + \mathbf{m}_u$.

    Parameters
    ----------
    params, grads : dict of ndarray
        $\theta$ and $g_u$, by name; each gradient shaped like its parameter.
    state : dict, optional
        What the previous step returned; None at the first step.
    learning_rate, momentum, nesterov
        Keras's names and defaults: $\eta = 0.01$, $\mu = 0$. Keras keeps
        $\eta$ in a variable of `floatx`: with the default float32, its
        0.01 is `np.float32(0.01)`, $0.00999999977648$; pass that to take
        exactly Keras's steps.

    Returns
    -------
    (params, state) : the new parameters and the new state (`"step"`, `"m"`)

    Examples
    --------
    >>> params, state = sgd_keras({"w": np.array([1.0])}, {"w": np.array([2.0])}, momentum=0.5)
    >>> params["w"], state["m"]["w"]          # m₁ = −0.01·2; θ₁ = 1 + m₁
    (array([0.98]), array([-0.02]))
    >>> sgd_keras(params, {"w": np.array([2.0])}, state, momentum=0.5)[0]["w"]   # m₂ = 0.5·m₁ − 0.02
    array([0.95])
    """
    state = _start(params, grads, state, ["m"])
    mu = float(np.float32(momentum))      # Keras casts the Python float μ through a float32 tensor
    new = {}
    for name, theta in params.items():
        g = dense(grads[name], np.asarray(theta).dtype)
        if momentum == 0:
            new[name] = theta - g * learning_rate                    # θ_u = θ_{u−1} − η g_u
            continue
        m = state["m"][name] if state["m"][name] is not None else np.zeros_like(g)
        m = m * mu - g * learning_rate                               # m_u = μ m_{u−1} − η g_u
        state["m"][name] = m
        if nesterov:
            new[name] = theta + (m * mu - g * learning_rate)         # θ_u = θ_{u−1} + μ m_u − η g_u
        else:
            new[name] = theta + m                                    # θ_u = θ_{u−1} + m_u
    return new, state


def sgd_torch(params: dict, grads: dict, state: dict | None = None, *, lr: float = 0.001, momentum: float = 0.0,
              dampening: float = 0.0, nesterov: bool = False):
    r"""One step of PyTorch's `torch.optim.SGD`: $\boldsymbol{\nu}_1 = g_1$, $\boldsymbol{\nu}_u = \mu \boldsymbol{\nu}_{u-1} + (1-\zeta) g_u$, $\theta_u = \theta_{u-1} - \eta \boldsymbol{\nu}_u$.

    Parameters
    ----------
    params, grads, state
        As for `sgd_keras`.
    lr, momentum, dampening, nesterov
        Torch's names and defaults: $\eta = 0.001$, $\mu = 0$, $\zeta = 0$.

    Returns
    -------
    (params, state) : the new parameters and the new state (`"step"`, `"momentum_buffer"`)

    Examples
    --------
    The buffer starts at the first gradient, undamped:

    >>> params, state = sgd_torch({"w": np.array([1.0])}, {"w": np.array([2.0])}, lr=0.01, momentum=0.5,
    ...                           dampening=0.5)
    >>> state["momentum_buffer"]["w"], params["w"]
    (array([2.]), array([0.98]))
    >>> sgd_torch(params, {"w": np.array([2.0])}, state, lr=0.01, momentum=0.5, dampening=0.5)[1]["momentum_buffer"]
    {'w': array([2.])}
    """
    if nesterov and (momentum <= 0 or dampening != 0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening, as in torch.")
    state = _start(params, grads, state, ["momentum_buffer"])
    new = {}
    for name, theta in params.items():
        d = dense(grads[name], np.asarray(theta).dtype)
        if momentum != 0:
            b = state["momentum_buffer"][name]
            if b is None:
                b = d.copy()                                         # ν_1 = g_1: no dampening on the first step
            else:
                b = b * momentum + d * (1 - dampening)               # ν_u = μ ν_{u−1} + (1 − ζ) g_u
            state["momentum_buffer"][name] = b
            d = d + b * momentum if nesterov else b                  # Nesterov: g_u + μ ν_u
        new[name] = theta + d * (-lr)                                # θ_u = θ_{u−1} − η d_u
    return new, state


def adam_keras(params: dict, grads: dict, state: dict | None = None, *, learning_rate: float = 0.001,
               beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7):
    r"""One step of Keras 3's `Adam`: $\theta_u = \theta_{u-1} - \alpha_u\, \mathbf{m}_u / (\sqrt{\mathbf{v}_u} + \varepsilon)$.

    $$
    \mathbf{m}_u = \mathbf{m}_{u-1} + (g_u - \mathbf{m}_{u-1})(1-\beta_1),\quad
    \mathbf{v}_u = \mathbf{v}_{u-1} + (g_u^2 - \mathbf{v}_{u-1})(1-\beta_2),\quad
    \alpha_u = \eta\,\frac{\sqrt{1-\beta_2^u}}{1-\beta_1^u}.
    $$

    Parameters
    ----------
    params, grads, state
        As for `sgd_keras`.
    learning_rate, beta_1, beta_2, epsilon
        Keras's names and defaults: 0.001, 0.9, 0.999, $10^{-7}$.

    Returns
    -------
    (params, state) : the new parameters and the new state (`"step"`, `"m"`, `"v"`)

    Examples
    --------
    Adam's first step is about $\eta$ in size whatever the gradient's scale:
    $\mathbf{m}_1/\sqrt{\mathbf{v}_1}$ is $(1-\beta_1)/\sqrt{1-\beta_2}$ times the gradient's
    sign, and $\alpha_1$ cancels that factor.

    >>> for g in (0.1, 1000.0):
    ...     print(round(float(adam_keras({"w": np.zeros(1)}, {"w": np.array([g])})[0]["w"][0]), 6))
    -0.001
    -0.001
    """
    state = _start(params, grads, state, ["m", "v"])
    t = state["step"]
    # Keras casts β₁ and β₂ through float32 tensors for the powers, but not in the updates of m and v.
    beta_1_power, beta_2_power = float(np.float32(beta_1)) ** t, float(np.float32(beta_2)) ** t
    alpha = learning_rate * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)  # the bias correction, in η
    new = {}
    for name, theta in params.items():
        g = dense(grads[name], np.asarray(theta).dtype)
        m = state["m"][name] if state["m"][name] is not None else np.zeros_like(g)
        v = state["v"][name] if state["v"][name] is not None else np.zeros_like(g)
        m = m + (g - m) * (1 - beta_1)                                     # m_u
        v = v + (square(grads[name], g.dtype) - v) * (1 - beta_2)          # v_u (g² as Keras squares it)
        state["m"][name], state["v"][name] = m, v
        new[name] = theta - (m * alpha) / (np.sqrt(v) + epsilon)           # ε added to √v_u
    return new, state


def adam_torch(params: dict, grads: dict, state: dict | None = None, *, lr: float = 0.001,
               betas: tuple = (0.9, 0.999), eps: float = 1e-8):
    r"""One step of PyTorch's `torch.optim.Adam`: ε added after $\sqrt{\mathbf{v}_u}$ is bias-corrected.

    $$
    \theta_u = \theta_{u-1} - \frac{\eta}{1-\beta_1^u}\,\frac{\mathbf{m}_u}{\sqrt{\mathbf{v}_u}\,/\sqrt{1-\beta_2^u} + \varepsilon} .
    $$

    Parameters
    ----------
    params, grads, state
        As for `sgd_keras`.
    lr, betas, eps
        Torch's names and defaults: 0.001, (0.9, 0.999), $10^{-8}$.

    Returns
    -------
    (params, state) : the new parameters and the new state (`"step"`, `"exp_avg"`, `"exp_avg_sq"`)

    Examples
    --------
    Where the gradient is tiny, ε matters. For $g_1 = 10^{-8}$, Keras adds
    its $10^{-7}$ to $\sqrt{\mathbf{v}_1} \approx 3.2\cdot 10^{-10}$ and its first
    step shrinks from $\eta = 10^{-3}$ about 300-fold; torch adds its
    $10^{-8}$ to $\sqrt{\mathbf{v}_1/(1-\beta_2)} = 10^{-8}$, and its step is halved.

    >>> p, g = {"w": np.zeros(1)}, {"w": np.array([1e-8])}
    >>> f"{adam_keras(p, g)[0]['w'][0]:.2g}", f"{adam_torch(p, g)[0]['w'][0]:.2g}"
    ('-3.2e-06', '-0.0005')
    """
    beta1, beta2 = betas
    state = _start(params, grads, state, ["exp_avg", "exp_avg_sq"])
    t = state["step"]
    bias_correction1 = 1 - beta1 ** t
    bias_correction2_sqrt = (1 - beta2 ** t) ** 0.5
    step_size = lr / bias_correction1
    new = {}
    for name, theta in params.items():
        g = dense(grads[name], np.asarray(theta).dtype)
        m = state["exp_avg"][name] if state["exp_avg"][name] is not None else np.zeros_like(g)
        v = state["exp_avg_sq"][name] if state["exp_avg_sq"][name] is not None else np.zeros_like(g)
        m = m + (g - m) * (1 - beta1)                                      # lerp(m, g, 1 − β₁)
        v = v * beta2 + g * g * (1 - beta2)                                # v_u
        state["exp_avg"][name], state["exp_avg_sq"][name] = m, v
        denom = np.sqrt(v) / bias_correction2_sqrt + eps                   # ε added to √v_u / √(1 − β₂ᵘ), the corrected root
        new[name] = theta + (m / denom) * (-step_size)
    return new, state
