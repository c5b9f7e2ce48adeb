r"""rnnmath: the mathematics of Keras's recurrent layers, in small numpy files.

Each file holds the equation of one page of the site, in reading order:

=====================  ==========================================  ==========================================
file                   equation                                    page
=====================  ==========================================  ==========================================
``neuron.py``          y_t = φ(w_x·x_t + w_y y_{t−1} + b)          The recurrent neuron; BPTT: one neuron
``layer.py``           y_t = φ(Ŵ_x x_t + Ŵ_y y_{t−1} + b̂)         A layer of neurons
``simple_rnn.py``      Y_t = φ(X_t W_x + Y_{t−1} W_y + b)          A batch of sequences; BPTT: matrix form
``recurrence.py``      the time loop, forwards and backwards       Inside a Keras layer
``counting.py``        n·k + k·k + k, and the gate blocks          Counting parameters
``lstm.py``            gates i, f, c, o and the cell state         LSTM; LSTM and GRU gradients
``gru.py``             gates z, r, h; reset after or before        GRU; LSTM and GRU gradients
``bidirectional.py``   both directions, merged                     Bidirectional and stacked
``gradcheck.py``       (L(w + ε) − L(w − ε)) / 2ε                  BPTT: one neuron
``activations.py``     φ and σ by their Keras names
``derivatives.py``     φ′ and σ′, for the backward passes
``checks.py``          the shape errors
``keras.py``           forward() and explain() for Keras models
=====================  ==========================================  ==========================================

Each layer file holds its step, the step backwards beside it, the layer,
and the layer backwards: ``simple_rnn_backward``, ``lstm_backward`` and
``gru_backward`` return the gradients of a loss, checked against
``tf.GradientTape`` and against :func:`gradcheck`.

Weights come in the order Keras's ``get_weights()`` returns them, so
``rnnmath.lstm(x, *layer.get_weights())`` computes what ``layer(x)`` does.

>>> import numpy as np, rnnmath
>>> rnnmath.simple_rnn(np.ones((1, 3, 1)), [[1.0]], [[1.0]], activation="linear")
array([[3.]])
"""

from . import keras
from .activations import KERAS_ACTIVATIONS
from .bidirectional import bidirectional
from .checks import ShapeError
from .counting import count_params, split_gates, weight_shapes
from .gradcheck import gradcheck, numerical_gradient
from .gru import gru, gru_backward, gru_step
from .layer import layer_step
from .lstm import lstm, lstm_backward, lstm_step
from .neuron import neuron_backward, neuron_step, unroll_neuron
from .simple_rnn import simple_rnn, simple_rnn_backward, simple_rnn_step

# Training through time (issue 13): inputs, the per-step head, losses, optimizers, clipping.
from .clipping import clip_by_global_norm_keras, clip_by_norm_keras, clip_grad_norm_torch, global_norm
from .head import dense, dense_backward
from .inputs import embedding, embedding_backward, one_hot
from .losses import cross_entropy, cross_entropy_backward, log_softmax, reduction_weights, softmax
from .optimizers import adam_keras, adam_torch, sgd_keras, sgd_torch
from . import model, tbptt
from .model import loss_and_gradients, sample, teacher_forcing
from .tbptt import stream_batches, train_truncated

__version__ = "0.1.0"

__all__ = [
    "KERAS_ACTIVATIONS",
    "ShapeError",
    "bidirectional",
    "count_params",
    "gradcheck",
    "gru",
    "gru_backward",
    "gru_step",
    "keras",
    "layer_step",
    "lstm",
    "lstm_backward",
    "lstm_step",
    "neuron_backward",
    "neuron_step",
    "numerical_gradient",
    "simple_rnn",
    "simple_rnn_backward",
    "simple_rnn_step",
    "split_gates",
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
