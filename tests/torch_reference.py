"""Build torch recurrent modules with uneven, non-zero weights, and run them as torch users do.

Like `reference.py` for Keras: torch's default initialisation draws small
weights of one scale, and its biases are not zero either, but we set every
parameter ourselves so that a swapped gate or a missing bias cannot hide.
"""

from __future__ import annotations

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from reference import uneven

TORCH_DTYPES = {np.float32: torch.float32, np.float64: torch.float64}

# Within the dtype's precision: torch and numpy sum the same products in different orders.
TOLERANCE = {np.float32: dict(rtol=2e-5, atol=2e-5), np.float64: dict(rtol=1e-12, atol=1e-13)}


def torch_module(kind, input_size, hidden_size, rng, dtype, *, scale=1.0, **options):
    """An nn.RNN, nn.LSTM or nn.GRU in eval mode, every parameter drawn by `uneven`."""
    module = getattr(torch.nn, kind)(input_size, hidden_size, **options).to(TORCH_DTYPES[dtype]).eval()
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.copy_(torch.from_numpy(uneven(rng, tuple(parameter.shape), scale)))
    return module


def run_torch(module, x, hx=None, lengths=None):
    """What a torch user gets: module(x, hx), through pack/pad when lengths are given; numpy out."""
    X = torch.from_numpy(np.ascontiguousarray(x))
    with torch.no_grad():
        if lengths is None:
            output, states = module(X, hx)
        else:
            packed = pack_padded_sequence(X, torch.as_tensor(lengths), batch_first=module.batch_first,
                                          enforce_sorted=False)
            output, states = module(packed, hx)
            output, _ = pad_packed_sequence(output, batch_first=module.batch_first, total_length=x.shape[
                1 if module.batch_first else 0])
    return output.numpy(), tuple(s.numpy() for s in states) if isinstance(states, tuple) else states.numpy()


def assert_same_structure(ours, theirs, dtype):
    """(output, h_n) or (output, (h_n, c_n)): the same structure, shapes, dtype and numbers."""
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_same_structure(a, b, dtype)
        return
    assert isinstance(ours, np.ndarray)
    assert ours.shape == theirs.shape
    assert ours.dtype == np.dtype(dtype)
    np.testing.assert_allclose(ours, theirs, **TOLERANCE[dtype])
