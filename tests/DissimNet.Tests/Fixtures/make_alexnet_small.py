"""Makes the small AlexNet-naming fixtures for AlexNetStateDictTests (run once; tests never run Python).

A TorchVision-style AlexNet with small widths (convs 8, 12, 16, 12, 12; hidden 32; 10 classes), seeded
random init, saved with torch.save(state_dict()). Its outputs at every features.* / avgpool / classifier.*
module for a fixed 2 x 3 x 96 x 96 input (eval mode) are saved with torch.save as a dict of tensors.
Also writes a pickle that asks for os.system, to show that loading never runs code from a file.

    /usr/bin/python3 make_alexnet_small.py   (Debian's python3-torch)
"""
import os
import torch
from torch import nn

torch.manual_seed(20190)
C = [8, 12, 16, 12, 12]
HIDDEN, CLASSES = 32, 10


class AlexNetSmall(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, C[0], 11, stride=4, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2),
            nn.Conv2d(C[0], C[1], 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2),
            nn.Conv2d(C[1], C[2], 3, padding=1), nn.ReLU(),
            nn.Conv2d(C[2], C[3], 3, padding=1), nn.ReLU(),
            nn.Conv2d(C[3], C[4], 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2))
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(C[4] * 36, HIDDEN), nn.ReLU(),
            nn.Dropout(0.5), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, CLASSES))


net = AlexNetSmall().eval()
here = os.path.dirname(os.path.abspath(__file__))
torch.save(net.state_dict(), os.path.join(here, "alexnet_small.pth"))

x = torch.rand(2, 3, 96, 96, generator=torch.Generator().manual_seed(7)) * 4 - 2
outputs = {"input": x.clone()}
with torch.no_grad():
    y = x
    for i, m in enumerate(net.features):
        y = m(y)
        outputs[f"features.{i}"] = y.clone()
    y = net.avgpool(y)
    outputs["avgpool"] = y.clone()
    y = torch.flatten(y, 1)
    for i, m in enumerate(net.classifier):
        y = m(y)
        outputs[f"classifier.{i}"] = y.clone()
torch.save(outputs, os.path.join(here, "alexnet_small_outputs.pth"))


class RunsCode:
    def __reduce__(self):
        return (os.system, ("touch /tmp/dissimnet-pickle-ran-code",))


torch.save({"features.0.weight": RunsCode()}, os.path.join(here, "pickle_runs_code.pth"))
print("wrote", sorted(outputs))
