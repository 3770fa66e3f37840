"""Writes tests/DissimNet.Tests/Fixtures/torchvision_resize_crop.npz: non-square images and what TorchVision's
Resize(S) + CenterCrop(S) make of them, the preprocessing DissimNet's networks must match.

Run once with Debian's python3-torchvision (0.14) and python3-numpy:
    /usr/bin/python3 tests/fixtures-src/make_torchvision_resize_crop.py
The transforms run on float32 tensors (N x 3 x H x W, 0..255), where TorchVision 0.14 resizes bilinearly without
antialiasing; each case also records the resized shape and the crop's start, so a mismatch says which step differs.
"""
import pathlib
import numpy as np
import torch
import torchvision
from torchvision import transforms

rng = np.random.default_rng(20261205)
# (height, width, size): odd and even leftovers, both orientations, long sides whose scaled length is not an integer
cases = [(7, 10, 4), (10, 7, 4), (9, 14, 6), (33, 20, 16), (12, 31, 8), (50, 23, 21), (8, 8, 5)]
arrays = {}
for k, (h, w, s) in enumerate(cases):
    image = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    x = torch.from_numpy(image).permute(2, 0, 1).float().unsqueeze(0)
    resized = transforms.Resize(s, interpolation=transforms.InterpolationMode.BILINEAR)(x)
    cropped = transforms.CenterCrop(s)(resized)
    rh, rw = resized.shape[-2:]
    arrays[f"image{k}"] = image
    arrays[f"out{k}"] = cropped.squeeze(0).numpy().astype(np.float32)
    arrays[f"geometry{k}"] = np.array([s, rh, rw, int(round((rh - s) / 2.0)), int(round((rw - s) / 2.0))], dtype=np.int64)
arrays["torchvision_version"] = np.frombuffer(torchvision.__version__.encode(), dtype=np.uint8)
out = pathlib.Path(__file__).resolve().parents[1] / "DissimNet.Tests" / "Fixtures" / "torchvision_resize_crop.npz"
np.savez(out, **arrays)
print(f"wrote {out} ({len(cases)} cases, torchvision {torchvision.__version__})")
