"""Reference values for the ordinal segregation indices with seven and eight ordered
categories (the weighted least-squares branch of the rank-order index, degree 4), computed
independently with numpy and scipy from the formulas, used by tests/segregation.rs.

Λ_T (Reardon 2009): c_k the cumulative share at or below category k, f(c) the binary entropy
in bits, v = Σ_{k<K} f(c_k)/(K−1); Λ_T = Σ_j t_j (v − v_j)/(T v).
H^R (Reardon et al. 2006): at each threshold the binary Theil H of "≤ k" against "> k" is fitted
by numpy's polyfit (degree min(4, K−2), weights E(p), i.e. E(p)² in the squares), then
H^R = 2 ln 2 ∫₀¹ E(p) Ĥ(p) dp by scipy's quad.

The counts are drawn here (numpy, seed 7) and kept in the output with the values.
Run with numpy and scipy in a virtualenv outside the repository, from the project root:
    python tools/numpy_ordinal.py > tests/oracles/numpy_ordinal.json
"""
import json

import numpy as np
from scipy.integrate import quad


def entropy2(c):
    c = np.asarray(c, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -c * np.log2(c) - (1 - c) * np.log2(1 - c)
    return np.nan_to_num(h)


def ordinal_information(n):
    t = n.sum(axis=1)
    T = t.sum()
    cum = lambda row: np.cumsum(row)[:-1] / row.sum()
    v = entropy2(cum(n.sum(axis=0))).mean()
    vj = np.array([entropy2(cum(r)).mean() for r in n])
    return float(np.sum(t * (v - vj)) / (T * v))


def theil_h(x, t):
    T, X = t.sum(), x.sum()
    P = X / T
    E = entropy2(P)
    p = x / t
    return float(np.sum(t * (E - entropy2(p))) / (T * E))


def rank_order_information(n):
    K = n.shape[1]
    t = n.sum(axis=1)
    p = np.cumsum(n.sum(axis=0))[:-1] / n.sum()
    h = np.array([theil_h(n[:, : k + 1].sum(axis=1), t) for k in range(K - 1)])
    degree = min(4, K - 2)
    beta = np.polyfit(p, h, degree, w=entropy2(p))
    fit = np.poly1d(beta)
    value, _ = quad(lambda q: entropy2(q) * fit(q), 0, 1, epsabs=1e-14, epsrel=1e-13, limit=200)
    return float(2 * np.log(2) * value)


rng = np.random.default_rng(7)
out = {}
for K, units in [(7, 40), (8, 60)]:
    # Units lean to low or high categories, so the index is far from 0 and 1.
    lean = rng.uniform(-1.5, 1.5, size=units)
    k = np.arange(K)
    probs = np.exp(np.outer(lean, (k - (K - 1) / 2) / K * 3))
    probs /= probs.sum(axis=1, keepdims=True)
    counts = np.array([rng.multinomial(int(rng.integers(200, 2000)), p) for p in probs])
    out[f"k{K}"] = {
        "counts": counts.tolist(),
        "ordinal-information": ordinal_information(counts),
        "rank-order-information": rank_order_information(counts),
    }
print(json.dumps(out))
