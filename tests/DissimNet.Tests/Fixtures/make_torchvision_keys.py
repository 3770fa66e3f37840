"""Writes torchvision_state_dict_shapes.json: every state-dict key and shape of TorchVision's alexnet,
vgg16 and resnet18 (weights=None), so tests can check DissimNet's definitions load torchvision files unchanged.

    /usr/bin/python3 make_torchvision_keys.py   (Debian's python3-torchvision)
"""
import json
import os
import torchvision

here = os.path.dirname(os.path.abspath(__file__))
shapes = {}
for name in ["alexnet", "vgg16", "resnet18"]:
    model = getattr(torchvision.models, name)()
    shapes[name] = [[k, list(v.shape)] for k, v in model.state_dict().items()]
with open(os.path.join(here, "torchvision_state_dict_shapes.json"), "w") as f:
    json.dump({"torchvision": torchvision.__version__, "models": shapes}, f, indent=0)
print({k: len(v) for k, v in shapes.items()})
