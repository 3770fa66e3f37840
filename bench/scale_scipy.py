"""The work `DissimNet.Bench scale` times at each size, written with numpy/scipy, for a side-by-side comparison.

  scale_scipy.py rdm FEATURES.npy OUT.npy     correlation-distance RDM of the rows (scipy pdist, float64), saved condensed float32
  scale_scipy.py score MODEL.npy SUBJECTS.npy Spearman of the model with each subject (scipy spearmanr) and the
                                              leave-one-subject-out noise ceiling on averaged ranks (rsatoolbox's
                                              matched pooling), one subject's ranks at a time

Prints JSON: the results, the seconds of the work (loading included) and the peak resident memory of this process.
Not part of the build or CI: install with `apt-get install -y python3-scipy`.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy
from scipy.spatial.distance import pdist
from scipy.stats import rankdata, spearmanr


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pearson(a, b):
    a = a - a.mean()
    b = b - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def rdm(features_path, out_path):
    features = np.load(features_path)
    np.save(out_path, pdist(features.astype(np.float64), "correlation").astype(np.float32))
    return {}


def score(model_path, subjects_path):
    model = np.load(model_path)
    subjects = np.load(subjects_path)
    per_subject = [float(spearmanr(model, s)[0]) for s in subjects]
    total = np.zeros(subjects.shape[1])
    for s in subjects:
        total += rankdata(s)
    pooled = rankdata(total)
    upper = [pearson(rankdata(s), pooled) for s in subjects]
    lower = []
    for s in subjects:
        own = rankdata(s)
        lower.append(pearson(own, rankdata(total - own)))
    return {"per_subject": per_subject, "lower": float(np.mean(lower)), "upper": float(np.mean(upper))}


def main():
    start = time.perf_counter()
    result = {"rdm": rdm, "score": score}[sys.argv[1]](*sys.argv[2:])
    result.update(seconds=time.perf_counter() - start, peak_kb=peak_kb(), scipy_version=scipy.__version__)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
