#!/usr/bin/env python3
"""Writes test/fixtures/stats/*.json: reference values for src/core/stats, from numpy, scipy and mpmath.

The unit tests read these files and never need Python. Every random input is drawn here from
numpy's default_rng with a fixed seed and stored in the fixture, so the tests see the same data.

Truth sources:
- special.json      erf, erfc, standard normal pdf/cdf/sf at 60 significant digits (mpmath),
                    rounded once to double; scipy's values are checked against them here.
- laws.json         normal and truncated normal mean, std, pdf and cdf at points in 60 digits
                    (mpmath), checked here against scipy.stats.norm / truncnorm; scipy.stats.uniform.
- moments.json      numpy mean/std(ddof=0)/min/max (nan-variants where NaNs are present).
- histogram.json    numpy.histogram counts, edges and density=True.
- ks.json           scipy.stats.kstest statistic, statistic_location/sign and the asymptotic
                    p-value (method='asymp'); scipy.special.kolmogorov.
- activations.json  the Keras 3 numpy-backend activation formulas evaluated in float64.
- propagation.json  a small dense stack computed with numpy (float32 and float64).
- probe_random.json outputs of splitmix32 + xoshiro128** written independently here.

Usage: python3 scripts/make-stats-fixtures.py   (numpy, scipy and mpmath required)
"""
import json
import math
import os

import mpmath
import numpy as np
import scipy
import scipy.special
import scipy.stats

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "stats")
mpmath.mp.dps = 60


def enc(v):
    """JSON has no NaN/Infinity: encode them as strings (the tests decode them)."""
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, (np.floating, float)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.ndarray):
        return enc(v.tolist())
    return v


def write(name, payload):
    payload = {"generator": "scripts/make-stats-fixtures.py",
               "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mpmath.__version__},
               **payload}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(enc(payload), f, allow_nan=False, separators=(",", ":"))
        f.write("\n")


def special():
    xs = [0.0, 1e-300, 1e-20, 3e-9, 1e-5, 0.1, 0.2, 0.25, 0.3, 0.5, 0.8, 0.84375, 0.9, 1.0, 1.1, 1.2, 1.25,
          1.5, 2.0, 2.5, 2.857, 2.86, 3.0, 4.0, 5.0, 5.9, 6.0, 7.5, 10.0, 15.0, 20.0, 26.0]
    xs = xs + [-x for x in xs if x != 0] + list(np.linspace(-4, 4, 81))
    erf_rows = []
    for x in xs:
        e = float(mpmath.erf(mpmath.mpf(x)))
        c = float(mpmath.erfc(mpmath.mpf(x)))
        assert abs(scipy.special.erf(x) - e) <= 4e-16 * abs(e) + 1e-300, x
        if c > 1e-300:
            assert abs(scipy.special.erfc(x) - c) <= 1e-13 * c, x
        erf_rows.append([x, e, c])
    zs = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 37.0]
    zs = sorted(set(zs + [-z for z in zs])) + list(np.linspace(-3, 3, 25))
    normal_rows = []
    for z in zs:
        mz = mpmath.mpf(z)
        pdf = float(mpmath.npdf(mz))
        cdf = float(mpmath.ncdf(mz))
        sf = float(mpmath.ncdf(-mz))
        assert abs(scipy.stats.norm.cdf(z) - cdf) <= 1e-12 * cdf, z
        normal_rows.append([z, pdf, cdf, sf])
    write("special.json", {"erf": {"columns": ["x", "erf", "erfc"], "rows": erf_rows},
                           "normal": {"columns": ["z", "pdf", "cdf", "sf"], "rows": normal_rows}})


def mass_mp(a, b):
    """Φ(b) - Φ(a), taken from the lower tail by symmetry when a >= 0 (60 digits cannot hold 1 - 1e-350)."""
    return mpmath.ncdf(-a) - mpmath.ncdf(-b) if a >= 0 else mpmath.ncdf(b) - mpmath.ncdf(a)


def truncnorm_mp(lower, upper, mean, std):
    """Mean and std of N(mean, std²) truncated to [lower, upper], from the closed form in 60 digits."""
    a = (mpmath.mpf(lower) - mean) / std
    b = (mpmath.mpf(upper) - mean) / std
    phi = lambda t: mpmath.npdf(t) if mpmath.isfinite(t) else mpmath.mpf(0)
    tphi = lambda t: t * mpmath.npdf(t) if mpmath.isfinite(t) else mpmath.mpf(0)
    z = mass_mp(a, b)
    m = (phi(a) - phi(b)) / z
    var = 1 + (tphi(a) - tphi(b)) / z - m * m
    return mean + std * m, std * mpmath.sqrt(var)


def truncnorm_pdf_cdf_mp(lower, upper, mean, std, pts):
    """pdf and cdf of N(mean, std²) truncated to the absolute bounds [lower, upper], in 60 digits."""
    a = (mpmath.mpf(lower) - mean) / std
    b = (mpmath.mpf(upper) - mean) / std
    z = mass_mp(a, b)
    pdf, cdf = [], []
    for x in pts:
        xi = (mpmath.mpf(x) - mean) / std
        pdf.append(float(mpmath.npdf(xi) / (std * z)) if lower <= x <= upper else 0.0)
        cdf.append(0.0 if x < lower else 1.0 if x >= upper else float(mass_mp(a, xi) / z))
    return pdf, cdf


def laws():
    cases = []
    # (mean, std of the underlying normal, lower, upper); Keras uses mean ± 2·std
    tn = [(0.0, 1.0, -2.0, 2.0), (0.0, 0.05, -0.1, 0.1), (0.3, 2.5, 0.3 - 5.0, 0.3 + 5.0),
          (0.0, 1.0, -1.0, 3.0), (0.0, 1.0, 0.0, math.inf), (0.0, 1.0, -math.inf, 0.5),
          (0.0, 1.0, 5.0, 8.0), (0.0, 1.0, -8.0, -5.0), (-1.0, 0.5, -1.001, -0.999), (0.0, 1.0, -10.0, 10.0),
          (0.0, 1.0, 40.0, 45.0), (0.0, 1.0, -45.0, -40.0), (2.0, 0.5, -math.inf, -18.0),
          (0.0, 0.07071067811865475 / 0.87962566103423978, -2 * 0.07071067811865475 / 0.87962566103423978,
           2 * 0.07071067811865475 / 0.87962566103423978)]
    for mean, std, lower, upper in tn:
        a, b = (lower - mean) / std, (upper - mean) / std
        d = scipy.stats.truncnorm(a, b, loc=mean, scale=std)
        m_mp, s_mp = truncnorm_mp(lower, upper, mean, std)
        exact_mean = float(m_mp)
        exact_std = float(s_mp)
        # scipy's truncnorm loses digits far out (1e-7 relative on its std at 40σ): the truth is mpmath's
        loose = 1e-6 if min(abs(a), abs(b)) > 30 else 1e-8
        assert abs(d.mean() - exact_mean) <= loose * max(1.0, abs(exact_mean)), (a, b)
        assert abs(d.std() - exact_std) <= loose * exact_std, (a, b, d.std(), exact_std)
        # finite bounds as they are; an open side reaches 12 std past the other bound (or the mean)
        lo = lower if math.isfinite(lower) else (upper if math.isfinite(upper) else mean) - 12 * std
        hi = upper if math.isfinite(upper) else (lower if math.isfinite(lower) else mean) + 12 * std
        pts = list(np.linspace(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo), 23)) + [lower, upper]
        pts = [p for p in pts if math.isfinite(p)]
        # scipy's truncnorm cdf loses ~1e-11 relative on very narrow intervals: the truth is mpmath's
        pdf, cdf = truncnorm_pdf_cdf_mp(lower, upper, mean, std, pts)
        inside = [lower < x < upper for x in pts]  # on a bound, scipy decides in standardized units
        assert np.allclose(d.pdf(pts)[inside], np.array(pdf)[inside], rtol=loose, atol=0)
        assert np.allclose(d.cdf(pts)[inside], np.array(cdf)[inside], rtol=loose, atol=1e-300)
        cases.append({"law": {"kind": "truncated_normal", "mean": mean, "std": std, "lower": lower, "upper": upper},
                      "mean": exact_mean, "std": exact_std,
                      "scipy_mean": d.mean(), "scipy_std": d.std(),
                      "x": pts, "pdf": pdf, "cdf": cdf})
    for mean, std in [(0.0, 1.0), (0.5, 2.0), (0.0, 0.05), (-3.0, 1e-3)]:
        d = scipy.stats.norm(loc=mean, scale=std)
        pts = list(mean + std * np.array([-37, -30, -9, -3, -1.5, -0.2, 0, 0.7, 2, 4.5, 9, 30]))
        pdf = [float(mpmath.npdf(mpmath.mpf(x), mean, std)) for x in pts]
        cdf = [float(mpmath.ncdf(mpmath.mpf(x), mean, std)) for x in pts]
        assert np.allclose(d.pdf(pts), pdf, rtol=1e-12, atol=0) and np.allclose(d.cdf(pts), cdf, rtol=1e-12, atol=0)
        cases.append({"law": {"kind": "normal", "mean": mean, "std": std}, "mean": mean, "std": std,
                      "x": pts, "pdf": pdf, "cdf": cdf})
    for low, high in [(-0.05, 0.05), (-1.7320508075688772, 1.7320508075688772), (2.0, 5.5)]:
        d = scipy.stats.uniform(loc=low, scale=high - low)
        pts = list(np.linspace(low - 0.25 * (high - low), high + 0.25 * (high - low), 19)) + [low]
        cases.append({"law": {"kind": "uniform", "low": low, "high": high}, "mean": d.mean(), "std": d.std(),
                      "x": pts, "pdf": d.pdf(pts), "cdf": d.cdf(pts)})
    write("laws.json", {"cases": cases})


def moments():
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, data, *, dtype="float64"):
        a = np.asarray(data, dtype=np.float64)
        finite_or_inf = a[~np.isnan(a)]
        with np.errstate(invalid="ignore"):
            mean = np.mean(finite_or_inf) if finite_or_inf.size else math.nan
            std = np.std(finite_or_inf) if finite_or_inf.size else math.nan
        cases.append({"name": name, "dtype": dtype, "data": a,
                      "n": int(finite_or_inf.size), "mean": mean, "std": std,
                      "min": np.min(finite_or_inf) if finite_or_inf.size else math.nan,
                      "max": np.max(finite_or_inf) if finite_or_inf.size else math.nan,
                      "zeros": int(np.count_nonzero(a == 0)), "nans": int(np.count_nonzero(np.isnan(a))),
                      "infs": int(np.count_nonzero(np.isinf(a)))})

    add("normal float64, loc 0.3 scale 2", rng.normal(0.3, 2.0, 3001))
    add("offset 1e8 + N(0, 1): cancellation check", 1e8 + rng.standard_normal(2000))
    # numpy reduces float32 arrays in float32; the reference here is numpy on the values widened to float64
    add("float32 N(0, 1)", rng.standard_normal(2049).astype(np.float32), dtype="float32")
    relu = np.maximum(rng.standard_normal(1500), 0.0)
    add("relu outputs with exact zeros", relu)
    with_nan = rng.uniform(-1, 1, 700)
    with_nan[[3, 100, 699]] = np.nan
    add("uniform with NaNs (nanmean/nanstd)", with_nan)
    add("one value", [5.0])
    add("all NaN", [math.nan, math.nan])
    add("+inf present", [1.0, 2.0, math.inf])
    add("both infinities", [1.0, -math.inf, math.inf])
    write("moments.json", {"cases": cases})


def histogram():
    rng = np.random.default_rng(7)
    cases = []

    def add(name, data, bins, rng_range, dtype="float64"):
        a = np.asarray(data, dtype=np.float32 if dtype == "float32" else np.float64)
        counts, edges = np.histogram(a, bins=bins, range=rng_range)
        density, _ = np.histogram(a, bins=bins, range=rng_range, density=True)
        lo, hi = (rng_range if rng_range is not None else (None, None))
        below = int(np.count_nonzero(a < edges[0])) if rng_range is not None else 0
        above = int(np.count_nonzero(a > edges[-1])) if rng_range is not None else 0
        cases.append({"name": name, "dtype": dtype, "data": a.astype(np.float64), "bins": bins,
                      "range": None if rng_range is None else [lo, hi],
                      "counts": counts, "edges": edges.astype(np.float64), "density": density,
                      "below": below, "above": above})

    add("normal, range cuts both tails", rng.standard_normal(3000), 37, (-2.0, 1.5))
    add("auto range from the data", rng.normal(1.0, 0.3, 1000), 20, None)
    edges = np.linspace(-0.3, 0.7, 11)
    on_edges = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf)])
    add("values on and next to every edge (last bin closed)", on_edges, 10, (-0.3, 0.7))
    add("integers on edges of [0, 10]", np.arange(0, 11, dtype=np.float64).repeat(3), 10, (0.0, 10.0))
    add("one repeated value: numpy widens to ±0.5", [2.0] * 5, 4, None)
    f32 = rng.uniform(-0.15, 0.35, 4000).astype(np.float32)
    f32_edges = np.linspace(-0.1, 0.3, 17).astype(np.float32)
    f32 = np.concatenate([f32, f32_edges, np.nextafter(f32_edges, np.float32(np.inf))])
    add("float32 data: numpy 2 computes the edges in float32", f32, 16, (-0.1, 0.3), dtype="float32")
    write("histogram.json", {"cases": cases})


def ks():
    rng = np.random.default_rng(99)
    cases = []

    def add(name, sample, law, dist):
        sample = np.asarray(sample, dtype=np.float64)
        exact = scipy.stats.kstest(sample, dist.cdf)
        asymp = scipy.stats.kstest(sample, dist.cdf, method="asymp")
        assert exact.statistic == asymp.statistic
        cases.append({"name": name, "law": law, "sample": sample, "statistic": exact.statistic,
                      "location": exact.statistic_location, "sign": int(exact.statistic_sign),
                      "pvalue_asymp": asymp.pvalue, "pvalue_exact": exact.pvalue})

    add("N(0,1) sample vs N(0,1)", rng.standard_normal(500), {"kind": "normal", "mean": 0.0, "std": 1.0},
        scipy.stats.norm())
    add("N(0.15,1) sample vs N(0,1)", rng.normal(0.15, 1.0, 800), {"kind": "normal", "mean": 0.0, "std": 1.0},
        scipy.stats.norm())
    s = 0.05
    tn = scipy.stats.truncnorm(-2, 2, loc=0.0, scale=s)
    add("Keras truncated normal (float32-rounded) vs its law", tn.rvs(1000, random_state=rng).astype(np.float32),
        {"kind": "truncated_normal", "mean": 0.0, "std": s, "lower": -2 * s, "upper": 2 * s}, tn)
    add("untruncated normal vs truncated law", rng.normal(0.0, s, 600),
        {"kind": "truncated_normal", "mean": 0.0, "std": s, "lower": -2 * s, "upper": 2 * s}, tn)
    add("U(-0.5,0.5) vs its law", rng.uniform(-0.5, 0.5, 400), {"kind": "uniform", "low": -0.5, "high": 0.5},
        scipy.stats.uniform(loc=-0.5, scale=1.0))
    add("seven hand values", [0.1, -0.4, 1.3, 0.0, -2.2, 0.7, 0.1], {"kind": "normal", "mean": 0.0, "std": 1.0},
        scipy.stats.norm())
    ts = [0.05, 0.2, 0.5, 0.8, 0.9, 1.0, 1.0001, 1.2, 1.3581, 1.6, 2.0, 3.0, 5.0, 8.0]
    write("ks.json", {"cases": cases, "kolmogorov": {"t": ts, "sf": [scipy.special.kolmogorov(t) for t in ts]}})


# Keras 3 numpy backend (keras/src/backend/numpy/nn.py) with the keras.activations defaults
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def act(name, x):
    if name == "linear":
        return x
    if name == "tanh":
        return np.tanh(x)
    if name == "relu":
        return np.maximum(x, np.array(0.0, x.dtype))
    if name == "leaky_relu":
        return np.maximum(x, np.array(0.2, x.dtype) * x)
    if name == "sigmoid":
        return np.array(1.0, x.dtype) / (np.array(1.0, x.dtype) + np.exp(-x))
    if name == "selu":
        return np.array(SELU_SCALE, x.dtype) * np.where(x >= 0, x, np.array(SELU_ALPHA, x.dtype) * np.expm1(x))
    if name == "gelu":  # keras.activations.gelu(approximate=False)
        sqrt_2 = np.sqrt(2).astype(x.dtype)
        return x * (scipy.special.erf(x / sqrt_2) + 1).astype(x.dtype) / np.array(2, x.dtype)
    raise ValueError(name)


ACTS = ["linear", "tanh", "relu", "leaky_relu", "sigmoid", "selu", "gelu"]


def activations():
    x = np.concatenate([np.linspace(-8, 8, 65), [-30.0, -1e-8, 0.0, 1e-8, 0.3, 30.0]])
    write("activations.json", {"x": x, "values": {name: act(name, x) for name in ACTS}})


def propagation():
    rng = np.random.default_rng(5)
    batch, width, layers = 8, 6, 3
    x0 = rng.standard_normal((batch, width)).astype(np.float32)
    ws = [(rng.standard_normal((width, width)) * math.sqrt(2.0 / width)).astype(np.float32) for _ in range(layers)]
    runs = {}
    for name in ACTS:
        per_dtype = {}
        for dtype in (np.float32, np.float64):
            x = x0.astype(dtype)
            out = []
            for w in ws:
                pre = x @ w.astype(dtype)
                x = act(name, pre).astype(dtype)
                out.append({"pre_mean": pre.astype(np.float64).mean(), "pre_std": pre.astype(np.float64).std(),
                            "histogram_5": np.histogram(x, bins=5)[0],
                            "mean": x.astype(np.float64).mean(), "std": x.astype(np.float64).std(),
                            "min": x.min(), "max": x.max(),
                            "zero_fraction": np.count_nonzero(x == 0) / x.size,
                            "dead_unit_fraction": np.count_nonzero(np.all(x == 0, axis=0)) / width})
            per_dtype[np.dtype(dtype).name] = out
        runs[name] = per_dtype
    write("propagation.json", {"batch": batch, "width": width, "layers": layers,
                               "input": x0.astype(np.float64).ravel(),
                               "weights": [w.astype(np.float64).ravel() for w in ws], "runs": runs})


def probe_random():
    """splitmix32 then xoshiro128** (Blackman & Vigna), re-implemented here with Python integers."""
    M = 0xFFFFFFFF

    def rotl(v, k):
        return ((v << k) | (v >> (32 - k))) & M

    def stream(seed, count):
        mix = ((seed & M) ^ (seed >> 32)) & M
        s = []
        for _ in range(4):
            mix = (mix + 0x9E3779B9) & M
            z = mix
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M
            s.append((z ^ (z >> 16)) & M)
        if not any(s):
            s[0] = 1
        out = []
        for _ in range(count):
            out.append((rotl((s[1] * 5) & M, 7) * 9) & M)
            t = (s[1] << 9) & M
            s[2] ^= s[0]
            s[3] ^= s[1]
            s[1] ^= s[2]
            s[0] ^= s[3]
            s[2] ^= t
            s[3] = rotl(s[3], 11)
        return out

    write("probe_random.json", {"streams": [{"seed": seed, "uint32": stream(seed, 16)}
                                            for seed in (0, 1, 42, 2**32 + 7, 2**53 - 1)]})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    special()
    laws()
    moments()
    histogram()
    ks()
    activations()
    propagation()
    probe_random()
    print("wrote", sorted(os.listdir(OUT)))
