"""Writes tests/DissimNet.Tests/Fixtures/corrected_ttest.json: paired t-tests over cross-validation folds computed with scipy.

Run once with Debian's python3 (scipy 1.10): /usr/bin/python3 tests/fixtures-src/make_corrected_ttest.py
The plain paired test is scipy.stats.ttest_rel; the corrected resampled t-test (Nadeau & Bengio 2003) has no scipy
function, so its statistic is formed from numpy's sample variance and its p-value and interval from scipy.stats.t.
"""
import json, pathlib
import numpy as np
from scipy import stats

cases = [
    # 2 folds x 5 repeats of 92 images: 46 test, 46 train+validation per fold
    dict(name="2x5", ratio=46 / 46,
         trained=[0.301, 0.322, 0.287, 0.335, 0.298, 0.312, 0.327, 0.290, 0.306, 0.318],
         pretrained=[0.199, 0.221, 0.188, 0.214, 0.205, 0.196, 0.230, 0.185, 0.210, 0.202]),
    # 5 folds x 1 repeat: n_test / n_train = 1/4
    dict(name="5x1", ratio=0.25,
         trained=[0.41, 0.37, 0.45, 0.39, 0.36],
         pretrained=[0.40, 0.39, 0.38, 0.41, 0.33]),
]
out = []
for c in cases:
    a, b = np.array(c["trained"]), np.array(c["pretrained"])
    d = a - b
    j = len(d)
    plain = stats.ttest_rel(a, b)
    se = np.sqrt((1 / j + c["ratio"]) * d.var(ddof=1))
    t = d.mean() / se
    p = 2 * stats.t.sf(abs(t), j - 1)
    q = stats.t.ppf(0.975, j - 1)
    out.append(dict(name=c["name"], ratio=c["ratio"], trained=c["trained"], pretrained=c["pretrained"],
                    plain_t=float(plain.statistic), plain_p=float(plain.pvalue),
                    corrected_t=float(t), corrected_p=float(p), corrected_se=float(se),
                    ci_lower=float(d.mean() - q * se), ci_upper=float(d.mean() + q * se)))
path = pathlib.Path(__file__).resolve().parents[1] / "DissimNet.Tests" / "Fixtures" / "corrected_ttest.json"
path.write_text(json.dumps(out, indent=2) + "\n")
print(path)
