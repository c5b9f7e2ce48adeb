r"""rnnmath: the mathematics of recurrent layers, as Keras and PyTorch compute them, in small numpy files.

Each file holds the equation of one page of the site; the table names the page that derives it:

| file | equation | page |
| --- | --- | --- |
| `neuron.py` | $y_t = \phi(w_x x_t + w_y y_{t-1} + b)$ | [The recurrent neuron](../neuron.md); [Backpropagation through time, one neuron](../bptt.md) |
| `layer.py` | $\vy_t = \phi(\hat W_x \vx_t + \hat W_y \vy_{t-1} + \hat\vb)$ | [A layer of recurrent neurons](../layer.md) |
| `simple_rnn.py` | $Y_t = \phi(X_t W_x + Y_{t-1} W_y + \vb)$ | [A batch of sequences](../batch.md); [Backpropagation through time, matrix form](../bptt-matrix.md) |
| `recurrence.py` | the time loop, forwards and backwards | [Inside a Keras layer](../keras-layer.md) |
| `counting.py` | $nk + k^2 + k$, and the gate blocks | [Counting parameters](../parameters.md) |
| `layers.py` | each layer's gates, states and weight shapes | [Counting parameters](../parameters.md) |
| `lstm.py` | gates i, f, c, o and the cell state | [LSTM](../lstm.md); [LSTM and GRU gradients](../bptt-gated.md) |
| `gru.py` | gates z, r, c; reset after or before | [GRU](../gru.md); [LSTM and GRU gradients](../bptt-gated.md) |
| `bidirectional.py` | both directions, merged | [Bidirectional and stacked layers](../bidirectional.md) |
| `gradcheck.py` | $(L(w + \varepsilon) - L(w - \varepsilon)) / 2\varepsilon$ | [Backpropagation through time, one neuron](../bptt.md) |
| `activations.py` | $\phi$ and $\sigma$ by their Keras names | |
| `derivatives.py` | $\phi'$ and $\sigma'$, for the backward passes | [Vanishing and exploding gradients, measured](../vanishing-gradients.md) |
| `checks.py` | the shape errors | |
| `keras.py` | `forward()` and `explain()` for Keras models | [Inside a Keras layer](../keras-layer.md); [Counting parameters](../parameters.md) |
| `torch_layout.py` | PyTorch's names, gate orders and column-form shapes, from the table of layers | [PyTorch's layout](../pytorch.md); [Keras and PyTorch, side by side](../rosetta.md) |
| `convert.py` | Keras's weights to PyTorch's and back: $\hat W_x = W_x\T$, blocks reordered | [PyTorch's layout](../pytorch.md) |
| `lstm_projection.py` | the LSTM with projections, $H_t = (O_t \odot \phi(C_t))\, W_r$ | [PyTorch's options](../pytorch-options.md) |
| `torch.py` | `forward()`, `count_params()` and `explain()` for PyTorch modules | [PyTorch's layout](../pytorch.md); [PyTorch's options](../pytorch-options.md) |

Each layer file holds its step, the step backwards beside it, the layer,
and the layer backwards: `simple_rnn_backward`, `lstm_backward` and
`gru_backward` return the gradients of a loss, checked against
`tf.GradientTape` and against [`gradcheck`][rnnmath.gradcheck.gradcheck].

Weights come in the order Keras's `get_weights()` returns them, so
`rnnmath.lstm(x, *layer.get_weights())` computes what `layer(x)` does.

Examples
--------
>>> import numpy as np, rnnmath
>>> rnnmath.simple_rnn(np.ones((1, 3, 1)), [[1.0]], [[1.0]], activation="linear")
array([[3.]])
"""

from . import convert, keras, layers, model, tbptt, torch
from .activations import KERAS_ACTIVATIONS
from .bidirectional import bidirectional
from .checks import ShapeError

# Training through time (issue 13): inputs, the per-step head, losses, optimizers, clipping.
from .clipping import clip_by_global_norm_keras, clip_by_norm_keras, clip_grad_norm_torch, global_norm
from .counting import count_params, split_gates, weight_shapes
from .gradcheck import gradcheck, numerical_gradient
from .gru import gru, gru_backward, gru_step
from .head import dense, dense_backward
from .inputs import embedding, embedding_backward, one_hot
from .layer import layer_step
from .losses import cross_entropy, cross_entropy_backward, log_softmax, reduction_weights, softmax
from .lstm import lstm, lstm_backward, lstm_step
from .lstm_projection import lstm_projected, lstm_projected_backward
from .model import loss_and_gradients, sample, teacher_forcing
from .neuron import neuron_backward, neuron_step, unroll_neuron
from .optimizers import adam_keras, adam_torch, sgd_keras, sgd_torch
from .simple_rnn import simple_rnn, simple_rnn_backward, simple_rnn_step
from .tbptt import stream_batches, train_truncated

__version__ = "0.1.0"

__all__ = [
    "KERAS_ACTIVATIONS",
    "ShapeError",
    "bidirectional",
    "convert",
    "count_params",
    "gradcheck",
    "gru",
    "gru_backward",
    "gru_step",
    "keras",
    "layers",
    "layer_step",
    "lstm",
    "lstm_backward",
    "lstm_projected",
    "lstm_projected_backward",
    "lstm_step",
    "neuron_backward",
    "neuron_step",
    "numerical_gradient",
    "simple_rnn",
    "simple_rnn_backward",
    "simple_rnn_step",
    "split_gates",
    "torch",
    "unroll_neuron",
    "weight_shapes",
]

__all__ += [
    "adam_keras",
    "adam_torch",
    "clip_by_global_norm_keras",
    "clip_by_norm_keras",
    "clip_grad_norm_torch",
    "cross_entropy",
    "cross_entropy_backward",
    "dense",
    "dense_backward",
    "embedding",
    "embedding_backward",
    "global_norm",
    "log_softmax",
    "loss_and_gradients",
    "model",
    "one_hot",
    "reduction_weights",
    "sample",
    "sgd_keras",
    "sgd_torch",
    "softmax",
    "stream_batches",
    "tbptt",
    "teacher_forcing",
    "train_truncated",
]
