"""The framework sides of the training experiments: Keras's ``model.fit`` and a PyTorch loop.

The page "Training, loss for loss" trains one small character model,

    characters (β, T) → Embedding (V, d) → LSTM(k), every step → Dense (k, V) → softmax cross-entropy,

three ways from the same initial weights and the same batch: with
rnnmath's numpy loop (on the page itself, so that a reader can copy it),
with Keras's ``model.fit`` and with a PyTorch loop (here). Everything runs
in float64. The weights travel in Keras's ``get_weights()`` order,

    [E (V, d), W_x (d, 4k), W_h (k, 4k), b (4k,), W_d (k, V), b_d (V,)],

and PyTorch gets the same numbers, transposed where ``nn.LSTM`` and
``nn.Linear`` store them the other way round. Both LSTMs stack their four
blocks in the order i, f, c (torch calls it g), o, so no block moves.
PyTorch's LSTM has a second bias, ``bias_hh``, that Keras has not: here it
starts at zero and, unless asked, stays frozen there, so that the two
frameworks train the same model.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).with_name("corpus.txt").read_text(encoding="utf-8")


def vocabulary(text: str = CORPUS) -> str:
    """The distinct characters of ``text``, sorted: character i has the id i."""
    return "".join(sorted(set(text)))


def encode(text: str = CORPUS, vocab: str | None = None) -> np.ndarray:
    """The text as integer ids (len(text),)."""
    vocab = vocab or vocabulary(text)
    index = {c: i for i, c in enumerate(vocab)}
    return np.array([index[c] for c in text])


def windows(ids: np.ndarray, beta: int, T: int) -> tuple[np.ndarray, np.ndarray]:
    """β windows of T + 1 characters, evenly spread over the text, as inputs and targets.

    Teacher forcing: the input at step t is character t, the target is
    character t + 1, so ``x`` (β, T) and ``y`` (β, T) are the same windows
    one character apart.
    """
    starts = np.linspace(0, len(ids) - T - 1, beta).astype(int)
    x = np.stack([ids[s:s + T] for s in starts])
    y = np.stack([ids[s + 1:s + T + 1] for s in starts])
    return x, y


@contextlib.contextmanager
def float64():
    """Keras's ``floatx`` set to float64 for the block, then put back (other pages share the process).

    floatx alone does not make a layer float64: a layer's dtype comes from Keras's global dtype
    policy, which Keras fixes from floatx when the process builds its first layer (another page's,
    in float32). So layers and losses are given ``dtype="float64"``; floatx is for what Keras still
    reads from it, such as the optimizer's learning rate.
    """
    import keras

    before = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(before)


def keras_model(V: int, d: int, k: int, seed: int):
    """Embedding → LSTM (every step) → Dense, in float64, with Keras's own initial weights for ``seed``."""
    import keras

    keras.utils.set_random_seed(seed)
    with float64():
        model = keras.Sequential([
            keras.Input((None,), dtype="int64"),
            keras.layers.Embedding(V, d, dtype="float64"),
            keras.layers.LSTM(k, return_sequences=True, dtype="float64"),
            keras.layers.Dense(V, dtype="float64"),     # on a sequence: the same Dense at every step
        ])
    assert all(w.dtype == "float64" for w in model.weights), [(w.path, w.dtype) for w in model.weights]
    return model


KERAS_OPTIMIZERS = {"SGD": "SGD", "momentum": "SGD", "Adam": "Adam"}


def keras_fit(model, weights, x, y, steps: int, optimizer: str, **options) -> np.ndarray:
    """The loss at each of ``steps`` full-batch steps of ``model.fit(shuffle=False)``, from ``weights``.

    ``optimizer`` is "SGD", "momentum" or "Adam"; ``options`` go to Keras's
    optimizer (``learning_rate``, ``momentum``, ``clipnorm``,
    ``global_clipnorm``). The batch is fed ``steps`` times in one epoch
    (one epoch per step costs Keras about 50 ms more a step). Keras logs
    the mean of the losses so far in the epoch, so a callback resets that
    mean before each batch: what it logs after the batch is that step's
    loss, computed before the step's update.
    """
    import keras

    losses = []
    record = keras.callbacks.LambdaCallback(
        on_train_batch_begin=lambda batch, logs: model.reset_metrics(),
        on_train_batch_end=lambda batch, logs: losses.append(float(logs["loss"])))
    with float64():
        model.set_weights(weights)
        model.compile(optimizer=getattr(keras.optimizers, KERAS_OPTIMIZERS[optimizer])(**options),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64"),
                      jit_compile=False)   # no XLA: it loads an LLVM that then clashes with PyTorch's
        model.fit(np.tile(x, (steps, 1)), np.tile(y, (steps, 1)), batch_size=len(x), epochs=1,
                  shuffle=False, verbose=0, callbacks=[record])
    return np.array(losses)


def torch_model(weights, *, train_bias_hh: bool = False):
    """The same model in PyTorch, float64, holding ``weights`` (Keras's order), with bias_hh = 0."""
    import torch

    E, W_x, W_h, b, W_d, b_d = (torch.tensor(np.asarray(w, np.float64)) for w in weights)
    V, d = E.shape
    k = W_h.shape[0]
    embedding = torch.nn.Embedding(V, d, dtype=torch.float64)
    lstm = torch.nn.LSTM(d, k, batch_first=True, dtype=torch.float64)
    dense = torch.nn.Linear(k, V, dtype=torch.float64)
    with torch.no_grad():
        embedding.weight.copy_(E)
        lstm.weight_ih_l0.copy_(W_x.T)                  # torch keeps (4k, d): x W_x is W_ih x
        lstm.weight_hh_l0.copy_(W_h.T)
        lstm.bias_ih_l0.copy_(b)
        lstm.bias_hh_l0.zero_()                         # Keras has one bias; torch adds b_ih + b_hh
        dense.weight.copy_(W_d.T)
        dense.bias.copy_(b_d)
    lstm.bias_hh_l0.requires_grad_(train_bias_hh)
    return embedding, lstm, dense


TORCH_OPTIMIZERS = {"SGD": "SGD", "momentum": "SGD", "Adam": "Adam"}


def torch_loop(weights, x, y, steps: int, optimizer: str, *, clip: float | None = None,
               train_bias_hh: bool = False, **options) -> np.ndarray:
    """The loss at each of ``steps`` full-batch steps of a plain PyTorch training loop, from ``weights``.

    ``options`` go to ``torch.optim.SGD`` or ``torch.optim.Adam`` (``lr``,
    ``momentum``); ``clip`` is ``clip_grad_norm_``'s ``max_norm``.
    """
    import torch

    embedding, lstm, dense = torch_model(weights, train_bias_hh=train_bias_hh)
    modules = torch.nn.ModuleList([embedding, lstm, dense])
    parameters = [p for p in modules.parameters() if p.requires_grad]
    opt = getattr(torch.optim, TORCH_OPTIMIZERS[optimizer])(parameters, **options)
    loss_fn = torch.nn.CrossEntropyLoss()                # reduction="mean": over all β·T steps
    x_t, y_t = torch.tensor(x), torch.tensor(y)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        H, _ = lstm(embedding(x_t))                      # (β, T, k)
        Z = dense(H)                                     # (β, T, V)
        loss = loss_fn(Z.reshape(-1, Z.shape[-1]), y_t.reshape(-1))
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(parameters, clip)
        opt.step()
        losses.append(loss.item())
    return np.array(losses)



def torch_runs(weights, x, y, steps: int, jobs: dict) -> dict:
    """``torch_loop`` for each job (name: keyword arguments), in a separate Python process.

    TensorFlow and PyTorch's ``torch.optim`` (through Triton) each load
    their own LLVM, and the second one aborts the process ("Option ...
    registered more than once"). The site's build has TensorFlow loaded
    long before this page, so PyTorch runs in a child process of its own,
    which gets the weights, the batch and the jobs in a file and writes the
    losses back.
    """
    import json
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.npz"
        np.savez(data, *[np.asarray(w, np.float64) for w in weights], x=x, y=y)
        (Path(folder) / "jobs.json").write_text(json.dumps({"steps": steps, "jobs": jobs}))
        root = Path(__file__).resolve().parents[1]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
        subprocess.run([sys.executable, "-m", "docs_tools.training", folder], check=True, cwd=root, env=env)
        losses = json.loads((Path(folder) / "losses.json").read_text())
    return {name: np.array(values) for name, values in losses.items()}


if __name__ == "__main__":                               # the child process of torch_runs
    import json
    import sys

    folder = Path(sys.argv[1])
    arrays = np.load(folder / "data.npz")
    weights = [arrays[f"arr_{i}"] for i in range(6)]
    spec = json.loads((folder / "jobs.json").read_text())
    out = {name: torch_loop(weights, arrays["x"], arrays["y"], spec["steps"], **job).tolist()
           for name, job in spec["jobs"].items()}
    (folder / "losses.json").write_text(json.dumps(out))
