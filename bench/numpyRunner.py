"""numpy side of `npm run bench`: times the work Keras 3's numpy backend does for one row.

Reads one JSON job on stdin, prints one JSON result on stdout: {"times_ms": [...], "info": {...}}.
Each job runs `warmup` untimed repetitions, then `repeats` timed ones (time.perf_counter).
The initializer code follows keras/src/backend/numpy/random.py and
keras/src/initializers/{random_initializers,constant_initializers}.py (Keras 3.16).
"""
import hashlib
import json
import math
import os
import sys
import tempfile
import time

import numpy as np

TRUNCATED_STD_FACTOR = 0.87962566103423978  # std of N(0, 1) truncated to [-2, 2], as Keras


def default_rng(seed):
    # keras.src.backend.numpy.random.draw_seed: np.array([seed, 0], dtype="uint32")
    return np.random.default_rng(np.array([seed, 0], dtype="uint32"))


def uniform(shape, minval, maxval, seed, dtype="float32"):
    rng = default_rng(seed)
    return rng.uniform(size=shape, low=minval, high=maxval).astype(dtype)


def normal(shape, mean, stddev, seed, dtype="float32"):
    rng = default_rng(seed)
    return rng.normal(size=shape, loc=mean, scale=stddev).astype(dtype)


def truncated_normal(shape, mean, stddev, seed, dtype="float32"):
    # keras.src.backend.numpy.random.truncated_normal: batches of N until N values lie in ±2σ
    rng = default_rng(seed)
    lower_bound = mean - 2 * stddev
    upper_bound = mean + 2 * stddev
    flat_shape = np.prod(shape)
    random_numbers = np.empty(0)
    while random_numbers.shape[0] < flat_shape:
        batch = rng.normal(loc=mean, scale=stddev, size=flat_shape)
        valid = batch[(batch >= lower_bound) & (batch <= upper_bound)]
        random_numbers = np.append(random_numbers, valid)
    return random_numbers[:flat_shape].astype(dtype).reshape(shape)


def fans(shape):
    # keras.src.initializers.random_initializers.compute_fans (rank 2 and convolution kernels)
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def he_normal(shape, seed):
    fan_in, _ = fans(shape)
    scale = 2.0 / max(1.0, fan_in)
    return truncated_normal(shape, 0.0, math.sqrt(scale) / TRUNCATED_STD_FACTOR, seed)


def glorot_uniform(shape, seed):
    fan_in, fan_out = fans(shape)
    scale = 1.0 / max(1.0, (fan_in + fan_out) / 2.0)
    limit = math.sqrt(3.0 * scale)
    return uniform(shape, -limit, limit, seed)


def orthogonal(shape, seed, gain=1.0):
    # keras.src.initializers.random_initializers.Orthogonal.__call__ with ops.qr → np.linalg.qr
    rows = math.prod(shape[:-1])
    cols = shape[-1]
    flat_shape = (max(cols, rows), min(cols, rows))
    a = normal(flat_shape, 0.0, 1.0, seed)
    q, r = np.linalg.qr(a, mode="reduced")
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return gain * q.reshape(shape)


INITIALIZERS = {
    "RandomUniform": lambda shape, seed: uniform(shape, -0.05, 0.05, seed),
    "RandomNormal": lambda shape, seed: normal(shape, 0.0, 0.05, seed),
    "HeNormal": he_normal,
    "GlorotUniform": glorot_uniform,
    "Orthogonal": orthogonal,
}


def timed(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000.0)
    return times


def panel(job):
    # What the preview computes for its histogram: the first n values, moments, 65536 bins.
    n = job["samples"]
    shape = tuple(job["shape"])

    def run():
        x = he_normal(shape, job["seed"]).reshape(-1)[:n].astype(np.float64)
        lo, hi = float(x.min()), float(x.max())
        np.histogram(x, bins=65536, range=(lo, hi))
        x.mean(), x.std()

    return timed(run, job["warmup"], job["repeats"])


def stats(y):
    # what the check reports per tensor: moments, zeros, extremes, a 40-bin histogram
    y = y.reshape(-1)
    y.mean(dtype=np.float64), y.std(dtype=np.float64), np.count_nonzero(y == 0)
    np.histogram(y, bins=40)


def im2col_same(x, size):
    # (b, h, w, c) -> (b·h·w, size·size·c): 'same' padding, stride 1
    p = size // 2
    xp = np.pad(x, ((0, 0), (p, size - 1 - p), (p, size - 1 - p), (0, 0)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (size, size), axis=(1, 2))  # b, h, w, c, kh, kw
    return np.ascontiguousarray(win.transpose(0, 1, 2, 4, 5, 3)).reshape(-1, size * size * x.shape[3])


def check_model(job):
    """The check's work in numpy, float32: draw the weights (GlorotUniform, as Keras), a N(0, 1) batch
    forward with the statistics of every layer's output, then a unit-variance gradient backward with
    the statistics of every layer's gradient. The same model as the bench's source text."""
    batch = job["batch"]
    rng = np.random.default_rng(0)

    def mlp():
        width, depth = job["width"], job["depth"]
        ws = [glorot_uniform((width, width), 1000 + i) for i in range(depth)]
        x = rng.standard_normal((batch, width)).astype("float32")
        zs, ys = [], [x]
        for w in ws:
            z = ys[-1] @ w
            y = np.maximum(z, 0)
            stats(y)
            zs.append(z)
            ys.append(y)
        g = rng.standard_normal((batch, width)).astype("float32")
        for w, z in zip(reversed(ws), reversed(zs)):
            stats(g)
            g = np.where(z > 0, g, 0) @ w.T

    def cnn():
        filters = job["filters"]  # e.g. [32, 32, "pool", 64, 64, "pool", 128, 128]
        x = rng.standard_normal((batch, 28, 28, 1)).astype("float32")
        tape = []
        c = 1
        for f in filters:
            if f == "pool":
                b, h, w_, ch = x.shape
                r = x.reshape(b, h // 2, 2, w_ // 2, 2, ch)
                y = r.max(axis=(2, 4))
                tape.append(("pool", x, y))
            else:
                k = glorot_uniform((3, 3, c, f), 2000 + len(tape))
                cols = im2col_same(x, 3)
                z = (cols @ k.reshape(-1, f)).reshape(x.shape[0], x.shape[1], x.shape[2], f)
                y = np.maximum(z, 0)
                tape.append(("conv", k, z))
                c = f
            stats(y)
            x = y
        pooled = x.mean(axis=(1, 2))
        dense = glorot_uniform((c, 10), 3000)
        logits = pooled @ dense
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        out = e / e.sum(axis=1, keepdims=True)
        stats(out)
        g = rng.standard_normal(out.shape).astype("float32")
        g = out * (g - (g * out).sum(axis=1, keepdims=True))
        g = g @ dense.T
        stats(g)
        g = np.broadcast_to(g[:, None, None, :] / (x.shape[1] * x.shape[2]), x.shape)
        for entry in reversed(tape):
            stats(g)
            if entry[0] == "pool":
                _, xin, y = entry
                b, h, w_, ch = xin.shape
                up = np.repeat(np.repeat(y, 2, axis=1), 2, axis=2)
                gu = np.repeat(np.repeat(g, 2, axis=1), 2, axis=2)
                g = np.where(xin == up, gu, 0).astype("float32")
            else:
                _, k, z = entry
                gz = np.where(z > 0, g, 0).astype("float32")
                flipped = k[::-1, ::-1].transpose(0, 1, 3, 2)  # kh, kw, f, c
                cols = im2col_same(gz, 3)
                g = (cols @ flipped.reshape(-1, k.shape[2])).reshape(z.shape[0], z.shape[1], z.shape[2], k.shape[2])

    return timed(mlp if job["model"] == "mlp" else cnn, job["warmup"], job["repeats"])


def main():
    job = json.load(sys.stdin)
    kind = job["kind"]
    if job.get("no_hugepages"):
        # numpy asks Linux for transparent huge pages on large arrays (madvise); JavaScript engines cannot
        np._core.multiarray._set_madvise_hugepage(False)
    info = {"numpy": np.__version__, "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default")}
    result = {}
    if kind == "initializer":
        make = INITIALIZERS[job["name"]]
        shape = tuple(job["shape"])
        last = [None]

        def run():
            last[0] = make(shape, job["seed"])

        times = timed(run, job["warmup"], job["repeats"])
        # the tensor's float32 bytes, so the bench can confirm both sides computed the same thing
        result["sha256"] = hashlib.sha256(np.ascontiguousarray(last[0], dtype="<f4").tobytes()).hexdigest()
        if job.get("raw_output"):
            np.ascontiguousarray(last[0], dtype="<f4").tofile(job["raw_output"])
    elif kind == "npy":
        arr = he_normal(tuple(job["shape"]), job["seed"])
        fd, path = tempfile.mkstemp(suffix=".npy")
        os.close(fd)
        try:
            times = timed(lambda: np.save(path, arr), job["warmup"], job["repeats"])
        finally:
            os.remove(path)
    elif kind == "panel":
        times = panel(job)
    elif kind == "check":
        times = check_model(job)
    else:
        raise SystemExit(f"unknown job kind {kind!r}")
    json.dump({"times_ms": times, "info": info, **result}, sys.stdout)


if __name__ == "__main__":
    main()
