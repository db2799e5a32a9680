#!/usr/bin/env python3
"""Writes the .npy reference files of the file encoders into test/fixtures/io/.

Everything here is numpy's own output: `numpy.save` of small arrays (the test re-encodes each
array's data and compares the whole file byte for byte), and numpy's header writer
(`numpy.lib._format_impl._write_array_header`, the function `numpy.save` calls) for shapes no
array can have: ranks above numpy's limit of 64 make the headers that need format 2.0 (over
65535 bytes). Those headers are stored as length + sha256 + first and last bytes, so the JSON
stays small.

Usage: python3 scripts/make-io-fixtures.py      (numpy >= 1.24, which pads with GROWTH_AXIS_MAX_DIGITS)
Output: test/fixtures/io/npy/*.npy, test/fixtures/io/npy-headers.json
"""
import hashlib
import io
import json
import os
import warnings

import numpy as np
from numpy.lib import _format_impl as npy_format

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "io")

# name -> (shape, dtype); values are seeded normals with special values in front.
ARRAYS = {
    "scalar_f4": ((), "<f4"),
    "vector5_f8": ((5,), "<f8"),
    "matrix3x4_f4": ((3, 4), "<f4"),
    "tensor2x3x4_f2": ((2, 3, 4), "<f2"),
    "tensor2x3x4_i4": ((2, 3, 4), "<i4"),
    "empty0_f4": ((0,), "<f4"),
    "empty3x0_f8": ((3, 0), "<f8"),
    # An 11-digit first dimension eats into the 21 spaces of growth padding.
    "wide_first_dim_f4": ((12345678901, 0), "<f4"),
    "rank32_f4": (tuple(2 if i % 8 == 0 else 1 for i in range(32)), "<f4"),
    # numpy's maximum rank.
    "rank64_f8": (tuple(2 if i % 16 == 0 else 1 for i in range(64)), "<f8"),
    "specials8_f4": ((8,), "<f4"),
    "specials8_f2": ((8,), "<f2"),
}

SPECIALS = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1e-45, 3.4028234663852886e38, 5.960464477539063e-08]


def make_array(shape, descr, seed):
    dtype = np.dtype(descr)
    n = int(np.prod(shape, dtype=np.int64))
    rng = np.random.default_rng(seed)
    if dtype.kind == "i":
        values = rng.integers(-(2**31), 2**31, size=n, dtype=np.int64).astype(dtype)
    else:
        with np.errstate(over="ignore", under="ignore"):
            values = (rng.standard_normal(n) * 3).astype(dtype)
            if n >= len(SPECIALS):
                values[: len(SPECIALS)] = np.array(SPECIALS).astype(dtype)
    return values.reshape(shape)


def header_bytes(shape, descr):
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Stored array in format 2.0" is the point here.
        npy_format._write_array_header(buf, {"descr": descr, "fortran_order": False, "shape": shape}, None)
    return buf.getvalue()


def shape_of(rule):
    """Shapes too long to list: {"rank": r} is r ones; {"rank": r, "start": s} is (s, s+1, ..., s+r-1)."""
    start = rule.get("start")
    return (1,) * rule["rank"] if start is None else tuple(start + i for i in range(rule["rank"]))


def describe_header(label, rule, descr):
    data = header_bytes(shape_of(rule), descr)
    return {
        "label": label,
        "shape_rule": rule,
        "descr": descr,
        "version": [data[6], data[7]],
        "length": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "head_hex": data[:64].hex(),
        "tail_hex": data[-64:].hex(),
    }


def first_v2_rank():
    """Smallest rank of an all-ones shape whose header needs format 2.0 (bisection on the version byte)."""
    lo, hi = 1, 40000
    while lo < hi:
        mid = (lo + hi) // 2
        if header_bytes((1,) * mid, "<f4")[6] == 2:
            hi = mid
        else:
            lo = mid + 1
    return lo


def main():
    os.makedirs(os.path.join(OUT, "npy"), exist_ok=True)
    for seed, (name, (shape, descr)) in enumerate(sorted(ARRAYS.items())):
        np.save(os.path.join(OUT, "npy", name + ".npy"), make_array(shape, descr, seed))

    boundary = first_v2_rank()
    headers = [
        describe_header("last rank with format 1.0", {"rank": boundary - 1}, "<f4"),
        describe_header("first rank with format 2.0", {"rank": boundary}, "<f4"),
        describe_header("rank 30000, float64", {"rank": 30000}, "<f8"),
        describe_header("rank 25000 of growing dims, float16", {"rank": 25000, "start": 3}, "<f2"),
    ]
    with open(os.path.join(OUT, "npy-headers.json"), "w") as f:
        arrays = [{"name": name, "shape": list(shape), "descr": descr} for name, (shape, descr) in sorted(ARRAYS.items())]
        json.dump({"numpy": np.__version__, "arrays": arrays, "headers": headers}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
