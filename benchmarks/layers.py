"""rnnmath against Keras and PyTorch, on the same weights and inputs, in one run.

For SimpleRNN, LSTM and GRU at three sizes (batch, time, features, units),
this times four ways of computing the same forward pass:

- rnnmath (numpy);
- the Keras layer called eagerly, as a notebook user calls it;
- the same Keras layer inside ``tf.function`` (a compiled graph);
- the torch module (nn.RNN, nn.LSTM, nn.GRU) with the same weights, converted
  by ``rnnmath.convert``, called under ``torch.no_grad()`` on the CPU.

The four are measured round-robin, several rounds each, and compared by
their medians, so that a noisy neighbour slows all four alike; a short
pause before each measurement lets the previous one's thread pools (both
TensorFlow's and OpenBLAS's busy-wait) go idle. It prints a table of times
and ratios; ``--json FILE`` also writes the figures for the site's
performance page.

Targets (issue 2): at least 20× faster than eager Keras at the small size,
and no slower than tf.function at the middle size.

This machine may set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which pin
older OpenBLAS builds to a safe kernel and slow a current numpy. This script
unsets both for its own run only (it re-executes itself) and says so.

Usage: python benchmarks/layers.py [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

PINNED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
SIZES = [(1, 10, 3, 5), (32, 100, 64, 128), (256, 200, 128, 256)]
ROOT = Path(__file__).resolve().parents[1]


def unpin_openblas():
    """Re-run this script without the OpenBLAS pins, once, and remember that we did."""
    pinned = {name: os.environ[name] for name in PINNED if name in os.environ}
    if pinned:
        env = {k: v for k, v in os.environ.items() if k not in PINNED}
        env["RNNMATH_BENCH_UNPINNED"] = ", ".join(f"{k}={v}" for k, v in pinned.items())
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    return os.environ.get("RNNMATH_BENCH_UNPINNED", "")


def blas_kernel() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}" for i in infos) or "none"


def source_hash() -> str:
    """A hash of rnnmath's sources, so the page can tell whether the figures are current."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "rnnmath").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def measure(functions: dict, rounds: int, min_seconds: float) -> dict:
    """Median seconds per call of each function, timed round-robin."""
    for f in functions.values():  # warm-up: tracing, allocation, caches
        f()
    times = {name: [] for name in functions}
    for _ in range(rounds):
        for name, f in functions.items():
            time.sleep(0.05)  # let the last measurement's worker threads go idle
            calls, start = 0, time.perf_counter()
            while True:
                f()
                calls += 1
                elapsed = time.perf_counter() - start
                if elapsed >= min_seconds:
                    break
            times[name].append(elapsed / calls)
    return {name: statistics.median(ts) for name, ts in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run, not for the page)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    unpinned = unpin_openblas()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import numpy as np
    import tensorflow as tf
    import torch

    from rnnmath import convert, layers, torch_layout

    rounds, min_seconds = (3, 0.05) if args.quick else (7, 0.2)
    if unpinned:
        print(f"Unset for this run only: {unpinned} (so OpenBLAS picks its own kernel).")
    print(f"BLAS: {blas_kernel()}")
    print(f"Python {platform.python_version()}, numpy {np.__version__}, TensorFlow {tf.__version__}, "
          f"Keras {keras.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"{os.cpu_count()} CPUs\n")

    rows = []
    header = (f"{'layer':<10}{'(β, T, n, k)':<22}{'rnnmath':>10}{'eager':>10}{'tf.function':>13}"
              f"{'torch':>10}{'eager/rnnmath':>15}{'tf.fn/rnnmath':>15}{'torch/rnnmath':>15}")
    print(header)
    print("-" * len(header))
    for kind, entry in layers.LAYERS.items():  # every layer of the one table
        for batch, steps, n, k in SIZES:
            rng = np.random.default_rng(0)
            layer = getattr(keras.layers, kind)(k)
            layer.build((None, steps, n))
            # Keras's own initial kernels (Glorot, orthogonal) keep a long sequence stable, so
            # float32 rounding is not amplified; the bias gets non-zero values.
            *kernels, bias = layer.get_weights()
            weights = [*kernels, rng.uniform(-0.5, 0.5, bias.shape).astype(np.float32)]
            layer.set_weights(weights)
            x = rng.uniform(-1, 1, (batch, steps, n)).astype(np.float32)
            x_tf = tf.constant(x)
            graph = tf.function(lambda inputs: layer(inputs))
            np.testing.assert_allclose(entry.forward(x, *weights), layer(x_tf).numpy(), rtol=1e-4, atol=1e-4)
            module = getattr(torch.nn, torch_layout.TORCH_NAMES[kind])(n, k, batch_first=True)
            module.load_state_dict({name: torch.from_numpy(np.ascontiguousarray(a)) for name, a in
                                    convert.keras_to_torch(kind, weights).items()})
            x_torch = torch.from_numpy(x)

            def run_torch():
                with torch.no_grad():
                    return module(x_torch)[0][:, -1].numpy()

            np.testing.assert_allclose(entry.forward(x, *weights), run_torch(), rtol=1e-4, atol=1e-4)
            t = measure(
                {
                    "rnnmath": lambda: entry.forward(x, *weights),
                    "eager": lambda: layer(x_tf).numpy(),
                    "tf.function": lambda: graph(x_tf).numpy(),
                    "torch": run_torch,
                },
                rounds, min_seconds,
            )
            row = dict(layer=kind, size=[batch, steps, n, k], seconds=t,
                       eager_over_rnnmath=t["eager"] / t["rnnmath"],
                       function_over_rnnmath=t["tf.function"] / t["rnnmath"],
                       torch_over_rnnmath=t["torch"] / t["rnnmath"])
            rows.append(row)
            print(f"{kind:<10}{str((batch, steps, n, k)):<22}{ms(t['rnnmath']):>10}{ms(t['eager']):>10}"
                  f"{ms(t['tf.function']):>13}{ms(t['torch']):>10}{row['eager_over_rnnmath']:>14.1f}×"
                  f"{row['function_over_rnnmath']:>14.2f}×{row['torch_over_rnnmath']:>14.2f}×")

    small = [r for r in rows if r["size"] == list(SIZES[0])]
    middle = [r for r in rows if r["size"] == list(SIZES[1])]
    print("\nTargets:")
    for r in small:
        verdict = "met" if r["eager_over_rnnmath"] >= 20 else "MISSED"
        print(f"  {r['layer']:<10} small size: {r['eager_over_rnnmath']:.1f}× faster than eager Keras (≥ 20×: {verdict})")
    for r in middle:
        verdict = "met" if r["function_over_rnnmath"] >= 1 else "MISSED"
        print(f"  {r['layer']:<10} middle size: tf.function takes {r['function_over_rnnmath']:.2f}× rnnmath's time "
              f"(≥ 1×: {verdict})")

    if args.json:
        record = dict(
            date=time.strftime("%Y-%m-%d"), quick=args.quick, unpinned=unpinned, blas=blas_kernel(),
            cpus=os.cpu_count(), python=platform.python_version(), numpy=np.__version__,
            tensorflow=tf.__version__, keras=keras.__version__, torch=torch.__version__,
            torch_threads=torch.get_num_threads(), rnnmath_sources=source_hash(), rows=rows,
        )
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=1) + "\n")
        print(f"\nWrote {args.json}")


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    main()
