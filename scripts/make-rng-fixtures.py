#!/usr/bin/env python3
"""Writes the numpy known-answer vectors of the random engine into test/fixtures/numpy-rng/.

Everything here comes from real numpy (np.random.SeedSequence, PCG64, default_rng) and from
glibc's libm (log1p through ctypes, the function numpy's ziggurat tail calls on Linux). Long
runs are stored as a sha256 of their little-endian bytes plus a prefix of values (float64
bit patterns as 16 hex digits), so the JSON stays small.

Keras's truncated normal is computed with the loop of keras/src/backend/numpy/random.py
(Keras 3.16.0), copied below; Keras itself is not needed.

Usage: python3 scripts/make-rng-fixtures.py      (numpy >= 1.17 and Linux glibc)
Output: vectors.json, casts.json, log1p.json, errors.json
"""
import ctypes
import ctypes.util
import hashlib
import json
import math
import os
import platform
import struct

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "numpy-rng")

SEEDS = [0, 1, 42, 1337, 2**31 - 1, 2**32 - 1, 123456789]
CALL_INDICES = [1, 2, 7]
N = 5000            # values hashed per stream
PREFIX = 64         # values written out in full
TRUNC_N = 1000      # Keras truncated normal size
# VarianceScaling(scale=1, fan_in=784, truncated_normal) stddev, as Keras computes it.
TRUNC_PARAMS = [(0.0, math.sqrt(1.0 / 784) / 0.87962566103423978), (0.5, 2.0)]


def hex64(values):
    return [format(v, "016x") for v in np.asarray(values, dtype="<f8").view("<u8").tolist()]


def sha(arr, dtype):
    return hashlib.sha256(np.ascontiguousarray(np.asarray(arr).astype(dtype)).tobytes()).hexdigest()


def rng_for(entropy):
    return np.random.default_rng(np.array(entropy, dtype=np.uint32))


def stream(values, dtype="<f8", prefix=PREFIX):
    return {"count": int(len(values)), "sha256": sha(values, dtype), "prefix": hex64(values[:prefix])}


def keras_truncated_normal(shape, mean, stddev, seed_array):
    """keras/src/backend/numpy/random.py truncated_normal (seed already drawn)."""
    rng = np.random.default_rng(seed_array)
    lower_bound = mean - 2 * stddev
    upper_bound = mean + 2 * stddev
    flat_shape = np.prod(shape)
    random_numbers = np.empty(0)
    while random_numbers.shape[0] < flat_shape:
        batch = rng.normal(loc=mean, scale=stddev, size=flat_shape)
        valid = batch[(batch >= lower_bound) & (batch <= upper_bound)]
        random_numbers = np.append(random_numbers, valid)
    return random_numbers[:flat_shape].reshape(shape)


def seed_case(seed):
    entropy = [seed, 0]
    ss = np.random.SeedSequence(np.array(entropy, dtype=np.uint32))
    bg = np.random.PCG64(ss)
    st = bg.state["state"]
    raw = bg.random_raw(N)
    after = bg.state["state"]
    next_raw = bg.random_raw(8)
    case = {
        "entropy": entropy,
        "pool": [int(w) for w in ss.pool],
        "generateState8": [int(w) for w in ss.generate_state(8, np.uint32)],
        "pcg64Seeded": {"state": format(st["state"], "032x"), "inc": format(st["inc"], "032x")},
        "raw": {"count": N, "sha256": sha(raw, "<u8"), "prefix": [format(int(v), "016x") for v in raw[:PREFIX]]},
        "stateAfterRaw": {"state": format(after["state"], "032x"), "inc": format(after["inc"], "032x")},
        "rawAfterState": [format(int(v), "016x") for v in next_raw],
        "random": stream(rng_for(entropy).random(N)),
        "standardNormal": stream(rng_for(entropy).standard_normal(N)),
    }
    normal = rng_for(entropy).normal(0.5, 2.0, N)
    case["normal"] = dict(stream(normal), loc=0.5, scale=2.0,
                          float32Sha256=sha(normal.astype(np.float32), "<f4"),
                          float16Sha256=sha(normal.astype(np.float16), "<f2"))
    uniform = rng_for(entropy).uniform(-3.0, 5.0, N)
    case["uniform"] = dict(stream(uniform), low=-3.0, high=5.0,
                           float32Sha256=sha(uniform.astype(np.float32), "<f4"),
                           float16Sha256=sha(uniform.astype(np.float16), "<f2"))
    case["truncatedNormal"] = []
    for mean, stddev in TRUNC_PARAMS:
        t = keras_truncated_normal((TRUNC_N,), mean, stddev, np.array(entropy, dtype=np.uint32))
        case["truncatedNormal"].append(dict(stream(t, prefix=32), mean=mean, stddev=stddev,
                                            float32Sha256=sha(t.astype(np.float32), "<f4"),
                                            float16Sha256=sha(t.astype(np.float16), "<f2")))
    case["seedGenerator"] = []
    for k in CALL_INDICES:
        e = [seed, k]
        ss_k = np.random.SeedSequence(np.array(e, dtype=np.uint32))
        case["seedGenerator"].append({
            "entropy": e,
            "generateState8": [int(w) for w in ss_k.generate_state(8, np.uint32)],
            "standardNormal": stream(rng_for(e).standard_normal(200), prefix=16),
        })
    return case


def vectors():
    long_entropy = [2024, 0]
    z = rng_for(long_entropy).standard_normal(200000)
    r = struct.unpack("<d", bytes.fromhex("400d3bb48209ad33")[::-1])[0]
    extra_entropy = [[1, 2, 3, 4, 5, 6, 7], [0xFFFFFFFF] * 5, [], [5]]
    return {
        "generatedBy": "scripts/make-rng-fixtures.py",
        "numpy": np.__version__,
        "cases": [seed_case(s) for s in SEEDS],
        "seedSequenceExtra": [
            {"entropy": e, "generateState8": [int(w) for w in np.random.SeedSequence(np.array(e, dtype=np.uint32)).generate_state(8, np.uint32)]}
            for e in extra_entropy
        ],
        "longStandardNormal": dict(stream(z, prefix=100), entropy=long_entropy,
                                   tailValues=int(np.sum(np.abs(z) > r))),
    }


def f16_case(x):
    with np.errstate(over="ignore"):
        bits = int(np.array([x]).astype(np.float16).view(np.uint16)[0])
    return {"x": hex64([x])[0], "bits": bits}


def casts():
    e = [
        0.0, -0.0, 1.0, -1.0, 65504.0, 65519.99999999999, 65520.0, -65520.0, 65536.0, 1e300,
        math.inf, -math.inf, math.nan,
        1 + 2**-11, 1 + 3 * 2**-11, 1 - 2**-12, 1 + 2**-11 + 2**-40, 1 + 2**-11 - 2**-40,
        2**-14, 2**-14 - 2**-25, 2**-14 - 2**-26, 2**-24, 2**-25, 2**-25 + 2**-60, 3 * 2**-25,
        5 * 2**-26, 2**-26, 5e-324, -5e-324, 2**-1022, 0.1, -0.1, 1 / 3, math.pi, -2.5e-5,
        6.1e-5, 2048.5, 2049.0, 4095.0, 1e-8, -1e-8, 0.5 + 2**-12, 1023.75, 32768.0 + 16.0,
    ]
    # Normals scaled by 2^e, e uniform in -30..17: the whole float16 range and beyond. Built
    # from the two streams the engine itself reproduces (floor and exp2 of ints are exact).
    z = np.random.default_rng(np.array([99, 0], dtype=np.uint32)).standard_normal(100000)
    u = np.random.default_rng(np.array([99, 1], dtype=np.uint32)).random(100000)
    wide = z * np.exp2(np.floor(u * 48) - 30)
    allbits = np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float64)
    allbits[np.isnan(allbits)] = np.nan  # canonical NaN, as JavaScript produces
    int_inputs = [0.0, -0.0, 0.7, -0.7, 1.5, -1.5, 2147483647.9, -2147483648.9, 2147483648.0,
                  -2147483649.0, 3e9, -3e9, 5e9, 1e20, math.nan, math.inf, -math.inf, 123456.999]
    with np.errstate(invalid="ignore"):
        int_outputs = np.array(int_inputs).astype(np.int32).tolist()
    with np.errstate(over="ignore"):
        wide16 = wide.astype(np.float16)
    return {
        "generatedBy": "scripts/make-rng-fixtures.py",
        "numpy": np.__version__,
        "float16Edges": [f16_case(x) for x in e],
        "float16Wide": {"inputs": "standard_normal([99, 0]) * 2**(floor(48 * random([99, 1])) - 30)", "count": len(wide), "inputSha256": sha(wide, "<f8"),
                        "float16Sha256": sha(wide16, "<f2")},
        "float16AllBitsAsFloat64Sha256": sha(allbits, "<f8"),
        "int32": [{"x": hex64([x])[0], "value": v} for x, v in zip(int_inputs, int_outputs)],
    }


def log1p_fixture():
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    libm.log1p.restype = ctypes.c_double
    libm.log1p.argtypes = [ctypes.c_double]
    edges = [0.0, -0.0, -1.0, -0.5, -0.2929, -0.29289, -0.2928, 0.41421, 0.41423, 1e-300, -1e-300,
             2**-29, -(2**-29), 2**-30, 2**-54, 2**-55, -(1 - 2**-53), -0.9999, 1.0, 2.0, 1e10, 1e300,
             2.0**1023, -1e-10, -0.1, -0.75, 3.0, math.inf]
    edges_out = [libm.log1p(x) for x in edges]
    # The tail calls log1p(-u) with u uniform in [0, 1): hash a million of those.
    rng = np.random.default_rng(np.array([7, 0], dtype=np.uint32))
    u = rng.random(1_000_000)
    out = np.array([libm.log1p(-x) for x in u.tolist()])
    diff_math = int(np.sum(out != np.array([math.log1p(-x) for x in u.tolist()])))
    return {
        "generatedBy": "scripts/make-rng-fixtures.py",
        "libc": " ".join(platform.libc_ver()),
        "edges": [{"x": hex64([x])[0], "log1p": hex64([y])[0]} for x, y in zip(edges, edges_out)],
        "fma": fma_cases(),
        "uniformTail": {"entropy": [7, 0], "count": len(u), "inputs": "-rng.random(count)",
                        "sha256": sha(out, "<f8"), "prefix": hex64(out[:32]),
                        "pythonMathLog1pDiffers": diff_math},
    }


def numpy_errors():
    """What numpy raises (or not) for the parameters the Generator facade validates."""
    calls = [
        ("normal", [0.0, -1.0]), ("normal", [0.0, -0.0]), ("normal", [0.0, math.nan]), ("normal", [1.0, 0.0]),
        ("uniform", [5.0, 3.0]), ("uniform", [0.0, -0.0]), ("uniform", [0.0, math.inf]),
        ("uniform", [-math.inf, 0.0]), ("uniform", [math.nan, 1.0]), ("uniform", [-1e308, 1e308]),
        ("uniform", [1.0, 1.0]), ("uniform", [-0.05, 0.05]),
    ]
    out = []
    for name, args in calls:
        rng = np.random.default_rng(0)
        try:
            getattr(rng, name)(*args, size=3)
            out.append({"method": name, "args": [repr(a) for a in args], "raises": None})
        except Exception as e:  # noqa: BLE001 - recording whatever numpy raises
            out.append({"method": name, "args": [repr(a) for a in args], "raises": type(e).__name__, "message": str(e)})
    seeds = []
    # Every one is exactly representable as a double, so the JavaScript side sees the same integer.
    for seed in [-1, 2**32, 2**53 + 2, 2**63, -2**63, -2**64, 2**64, 10**21, 2**70, 2**32 - 1, 0]:
        try:
            np.array([seed, 0], dtype="uint32")
            seeds.append({"seed": str(seed), "raises": None})
        except Exception as e:  # noqa: BLE001
            seeds.append({"seed": str(seed), "raises": type(e).__name__, "message": str(e)})
    return {"generatedBy": "scripts/make-rng-fixtures.py", "numpy": np.__version__, "calls": out, "kerasSeeds": seeds}


def fma_cases():
    """fma(a, b, c) rounded once, computed exactly with Fractions: random triples, cancelling
    triples and constructed near-ties where a*b + c rounded twice differs."""
    from fractions import Fraction

    def exact(a, b, c):
        return float(Fraction(a) * Fraction(b) + Fraction(c))

    rng = np.random.default_rng(np.array([11, 0], dtype=np.uint32))
    triples = []
    for _ in range(100):
        a, b, c = (float(v) for v in rng.standard_normal(3) * np.exp2(rng.integers(-40, 40, 3)))
        triples.append((a, b, c))
    for _ in range(100):  # c cancels most of a*b
        a, b = (float(v) for v in rng.standard_normal(2))
        triples.append((a, b, -(a * b) * (1 + float(rng.standard_normal()) * 2.0**-40)))
    for _ in range(100):  # c = -fl(a*b) + a multiple of half an ulp: the rounding of a*b decides
        a, b = (float(v) for v in rng.standard_normal(2))
        p = a * b
        triples.append((a, b, -p + int(rng.integers(-4, 5)) * math.ulp(p) / 2))
    triples += [(1 + 2.0**-52, 1 + 2.0**-52, 2.0**-53), (1 + 2.0**-52, 1 - 2.0**-52, -1.0),
                (0.1, 10.0, -1.0), (3.0, 1 / 3, -1.0), (-0.0, 5.0, 0.0), (0.0, 5.0, -0.0), (2.0, 3.0, 0.0)]
    out = [{"a": hex64([a])[0], "b": hex64([b])[0], "c": hex64([c])[0], "fma": hex64([exact(a, b, c)])[0],
            "twoRoundings": hex64([a * b + c])[0]} for a, b, c in triples]
    return out


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def main():
    os.makedirs(OUT, exist_ok=True)
    write("vectors.json", vectors())
    write("casts.json", casts())
    write("log1p.json", log1p_fixture())
    write("errors.json", numpy_errors())


if __name__ == "__main__":
    main()
