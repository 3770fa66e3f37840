"""The RSA score that `DissimNet.Bench score` times, written with numpy/scipy for a side-by-side comparison.

Reads model.npy (pairs), subjects.npy (subjects x pairs), condition_draws.npy and subject_draws.npy
(resamples x n indices) from the folder given, computes per-subject Spearman, mean r^2, the one-sample
t-test of r^2, and percentile bootstrap intervals over subjects and over conditions (resampled conditions,
pairs of a condition with itself dropped, as rsatoolbox does), and prints the results and the time as JSON.
Ranks are computed for all subjects at once with scipy.stats.rankdata(axis=1).
Not part of the build or CI: install with `apt-get install -y python3-scipy`.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.spatial.distance import squareform
from scipy.stats import rankdata, spearmanr, ttest_1samp


def rowwise_spearman(model_vector, subject_vectors):
    """Spearman of one vector with each row: Pearson of average ranks."""
    ranks = rankdata(np.vstack([model_vector, subject_vectors]), axis=1)
    ranks -= ranks.mean(axis=1, keepdims=True)
    ranks /= np.linalg.norm(ranks, axis=1, keepdims=True)
    return ranks[1:] @ ranks[0]


def score(model, subjects, condition_draws, subject_draws):
    per_subject = np.array([spearmanr(model, s)[0] for s in subjects])
    r2 = per_subject ** 2
    p_value = ttest_1samp(r2, 0).pvalue

    boot_subjects = per_subject[subject_draws].mean(axis=1)

    n = squareform(model).shape[0]
    squares = np.stack([squareform(model)] + [squareform(s) for s in subjects])
    rows, cols = np.triu_indices(n, 1)
    means, mean_r2 = [], []
    for draw in condition_draws:
        keep = draw[rows] != draw[cols]
        i, j = draw[rows][keep], draw[cols][keep]
        vectors = squares[:, i, j]
        r = rowwise_spearman(vectors[0], vectors[1:])
        means.append(r.mean())
        mean_r2.append((r ** 2).mean())
    return per_subject, r2.mean(), p_value, boot_subjects, np.array(means), np.array(mean_r2)


def main(folder):
    model = np.load(f"{folder}/model.npy")
    subjects = np.load(f"{folder}/subjects.npy")
    condition_draws = np.load(f"{folder}/condition_draws.npy")
    subject_draws = np.load(f"{folder}/subject_draws.npy")
    start = time.perf_counter()
    per_subject, mean_r2, p_value, boot_subjects, boot_means, boot_r2 = score(model, subjects, condition_draws, subject_draws)
    seconds = time.perf_counter() - start
    pct = lambda values, q: float(np.percentile(values, q))
    print(json.dumps({
        "scipy_version": scipy.__version__,
        "seconds": seconds,
        "per_subject": per_subject.tolist(),
        "mean_r2": float(mean_r2),
        "p_value": float(p_value),
        "subjects_mean_lower": pct(boot_subjects, 2.5),
        "subjects_mean_upper": pct(boot_subjects, 97.5),
        "conditions_mean_lower": pct(boot_means, 2.5),
        "conditions_mean_upper": pct(boot_means, 97.5),
        "conditions_mean_r2_lower": pct(boot_r2, 2.5),
        "conditions_mean_r2_upper": pct(boot_r2, 97.5),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
