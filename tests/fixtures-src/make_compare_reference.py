"""Reference numbers for `dissimnet compare`, computed once with scipy and statsmodels.

Run from the repository root with Debian's python3-scipy and python3-statsmodels:
    /usr/bin/python3 tests/fixtures-src/make_compare_reference.py
It writes tests/DissimNet.Tests/Fixtures/compare_reference.json. The tests never run Python.

Models: the monkey-IT and human-IT (fig. 1) RDMs of the 92-image data, and the RDM of ResNet-18
(ImageNet weights) at stage4 for the 92 images (Fixtures/resnet18_stage4_rdm_92.npy, written once by
`dissimnet rdm --model resnet18-imagenet --layers stage4 --distance correlation`).
Target: the 8 hIT session RDMs of 92_brainRDMs.mat, in MATLAB's column-major order (subject fastest),
the order DissimNet reads them in. Every comparison is Spearman's rho on the upper triangles.
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.io
import scipy.stats
import statsmodels
from statsmodels.stats.multitest import multipletests

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "data", "92imageData")
FIXTURES = os.path.join(ROOT, "tests", "DissimNet.Tests", "Fixtures")
ALPHA = 0.05
LEVEL = 0.95


def upper(square):
    n = square.shape[0]
    i, j = np.triu_indices(n, 1)
    return np.asarray(square, dtype=np.float64)[i, j]


def upper_as_stored(square):
    i, j = np.triu_indices(square.shape[0], 1)
    return np.asarray(square)[i, j]


def subjects():
    rdms = scipy.io.loadmat(os.path.join(DATA, "92_brainRDMs.mat"))["RDMs"]  # 1 x 4 x 2 struct
    flat = rdms.reshape(-1, order="F")
    # Kept in single precision, as stored: DissimNet averages single-precision stacks as numpy does (raw pooling).
    return [upper_as_stored(entry["RDM"]) for entry in flat]


def models():
    supplemental = scipy.io.loadmat(os.path.join(DATA, "Kriegeskorte_Neuron2008_supplementalData.mat"))
    fig1 = supplemental["RDMs_mIT_hIT_fig1"].reshape(-1, order="F")
    # The RDM field is already the MATLAB squareform vector (row-major upper triangle order of pdist).
    mit = np.asarray(fig1[0]["RDM"], dtype=np.float64).ravel()
    hit = np.asarray(fig1[1]["RDM"], dtype=np.float64).ravel()
    stage4 = upper(np.load(os.path.join(FIXTURES, "resnet18_stage4_rdm_92.npy")))
    return [("mIT", mit), ("hIT-fig1", hit), ("resnet18-stage4", stage4)]


def spearman(a, b):
    return float(scipy.stats.spearmanr(a, b).statistic)


def noise_ceiling(subject_vectors):
    """rsatoolbox's leave-one-out ceiling with matched pooling (ranks averaged) and raw pooling (RDMs averaged)."""
    result = {}
    for pooling in ("matched", "raw"):
        pooled = [scipy.stats.rankdata(v) for v in subject_vectors] if pooling == "matched" else list(subject_vectors)
        everyone = np.mean(pooled, axis=0)
        lower = [spearman(v, np.mean([p for k, p in enumerate(pooled) if k != s], axis=0)) for s, v in enumerate(subject_vectors)]
        upper_values = [spearman(v, everyone) for v in subject_vectors]
        result[pooling] = {"lower": float(np.mean(lower)), "upper": float(np.mean(upper_values)), "lower_per_subject": lower}
    return result


def corrected(pvalues):
    return {method: [float(p) for p in multipletests(pvalues, alpha=ALPHA, method=key)[1]]
            for method, key in (("fdr", "fdr_bh"), ("bonferroni", "bonferroni"))}


def main():
    target = subjects()
    named = models()
    ceiling = noise_ceiling(target)
    per_model = []
    for name, vector in named:
        values = np.array([spearman(vector, s) for s in target])
        n = len(values)
        sem = float(scipy.stats.sem(values))
        above = scipy.stats.ttest_1samp(values, 0.0, alternative="greater")
        below = {pooling: scipy.stats.ttest_1samp(values, ceiling[pooling]["lower"]) for pooling in ceiling}
        low, high = scipy.stats.t.interval(LEVEL, n - 1, loc=values.mean(), scale=sem)
        per_model.append({
            "name": name,
            "per_subject": [float(v) for v in values],
            "mean": float(values.mean()),
            "sem": sem,
            "t_ci": [float(low), float(high)],
            "above_zero": {"t": float(above.statistic), "p": float(above.pvalue)},
            "versus_lower_ceiling": {pooling: {"t": float(r.statistic), "p": float(r.pvalue)} for pooling, r in below.items()},
        })
    pairs = []
    for a in range(len(per_model)):
        for b in range(a + 1, len(per_model)):
            x, y = np.array(per_model[a]["per_subject"]), np.array(per_model[b]["per_subject"])
            test = scipy.stats.ttest_rel(x, y)
            d = x - y
            low, high = scipy.stats.t.interval(LEVEL, len(d) - 1, loc=d.mean(), scale=scipy.stats.sem(d))
            pairs.append({"a": a, "b": b, "difference": float(d.mean()), "t": float(test.statistic), "p": float(test.pvalue),
                          "t_ci": [float(low), float(high)]})
    for method, values in corrected([p["p"] for p in pairs]).items():
        for pair, value in zip(pairs, values):
            pair[f"p_{method}"] = value
    for method, values in corrected([m["above_zero"]["p"] for m in per_model]).items():
        for model, value in zip(per_model, values):
            model["above_zero"][f"p_{method}"] = value
    for pooling in ceiling:
        for method, values in corrected([m["versus_lower_ceiling"][pooling]["p"] for m in per_model]).items():
            for model, value in zip(per_model, values):
                model["versus_lower_ceiling"][pooling][f"p_{method}"] = value

    # A hand-checkable Benjamini-Hochberg case (m = 5): sorted p x m / rank, then the running minimum from the top.
    hand = [0.01, 0.04, 0.03, 0.005, 0.20]
    reference = {
        "about": "Spearman comparisons of three model RDMs with the 8 hIT session RDMs of data/92imageData (subject "
                 "fastest, as MATLAB stores them); paired t-tests scipy.stats.ttest_rel, tests against 0 "
                 "scipy.stats.ttest_1samp(alternative='greater') as rsatoolbox's t_test_0, tests against the lower noise "
                 "ceiling two-sided scipy.stats.ttest_1samp(popmean=lower) as rsatoolbox's t_test_nc, intervals "
                 "scipy.stats.t.interval(0.95); corrections statsmodels multipletests fdr_bh and bonferroni, each family "
                 "(pairs, above zero, against the ceiling) corrected on its own. Made by tests/fixtures-src/make_compare_reference.py.",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
        "alpha": ALPHA,
        "confidence_level": LEVEL,
        "noise_ceiling": ceiling,
        "models": per_model,
        "pairs": pairs,
        "benjamini_hochberg_example": {"p": hand, **corrected(hand)},
    }
    with open(os.path.join(FIXTURES, "compare_reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
