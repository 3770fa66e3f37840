"""PyTorch twin of DissimNet's default training step, for the speed ratio in `DissimNet.Bench -- training-twin`.

The embedded network's layout: a torchvision ResNet with basic blocks [2, 2, 2, 3] (the CNTK-exported
ResNet-18 DissimNet embeds has three blocks in its last stage, `dissimnet layers --model resnet18-imagenet`
lists them; with torchvision's [2, 2, 2, 2] the twin would do a third less work in the trained stage),
random weights (speed does not depend on weight values, and the ONNX weights are not loaded here), eval
mode, stages 1-3 frozen and their
output for the 46 training images computed once; stage 4 trained; the features of stage 4 give
1 - Pearson r between images; loss 1 - Pearson r between predicted and target dissimilarities over
a batch's pairs; SGD (lr 0.005, no momentum), gradients dropped before each step (zero_grad(set_to_none=True),
PyTorch 2's default, as DissimNet does). Batches have the shapes EpochSchedule builds:
--pairing images: 46 images dealt into ceil(46/16) = 3 blocks, each two blocks one batch (3 batches
of about 31 images, all their pairs); --pairing pairs: the 1035 pairs in batches of 32 (both images
of each pair forwarded). Prints one JSON line: seconds per epoch for each scheme and peak RSS.
With --serve it builds the network once, then runs one epoch per line read from standard input ("images" or
"pairs"), answering each with a JSON line of its seconds, so a caller can interleave its epochs with DissimNet's;
"quit" ends it with a line holding the peak RSS and the CPU time the process used while it waited (its OpenMP
threads' spinning), which the other side's epochs had to share the cores with.
Benchmark only: DissimNet never needs Python.
"""
import argparse
import json
import math
import resource
import sys
import time

import numpy as np
import torch
import torchvision


def standardize(features):
    flat = features.flatten(1)
    centred = flat - flat.mean(1, keepdim=True)
    return centred / centred.norm(dim=1, keepdim=True).clamp_min(1e-12)


def correlation_loss(predicted, observed):
    p = predicted - predicted.mean()
    o = observed - observed.mean()
    return 1 - (p * o).sum() / (p.norm() * o.norm()).clamp_min(1e-12)


def image_batches(n, k, rng):
    order = rng.permutation(n)
    half = max(1, k // 2)
    blocks = math.ceil(n / half)
    sizes = [n // blocks + (1 if b < n % blocks else 0) for b in range(blocks)]
    parts, start = [], 0
    for size in sizes:
        parts.append(order[start:start + size])
        start += size
    batches = []
    for a in range(blocks):
        for b in range(a + 1, blocks):
            group = np.concatenate([parts[a], parts[b]])
            first, second = np.triu_indices(len(group), 1)
            batches.append((group, first, second))
    rng.shuffle(batches)
    return batches


def pair_batches(n, b, rng):
    i, j = np.triu_indices(n, 1)
    order = rng.permutation(len(i))
    batches = []
    for start in range(0, len(order), b):
        chunk = order[start:start + b]
        images = np.stack([i[chunk], j[chunk]], 1).reshape(-1)
        first = np.arange(0, 2 * len(chunk), 2)
        batches.append((images, first, first + 1))
    return batches


# Before answering, so that threads still spinning after the epoch have stopped before the other side's epoch starts.
SETTLE_SECONDS = 0.3


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=46)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--pairing", choices=["images", "pairs", "both"], default="both")
    parser.add_argument("--serve", action="store_true", help="one epoch per line of standard input")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    net = torchvision.models.resnet.ResNet(torchvision.models.resnet.BasicBlock, [2, 2, 2, 3])
    net.eval()
    prefix = torch.nn.Sequential(net.conv1, net.bn1, net.relu, net.maxpool, net.layer1, net.layer2, net.layer3)
    for p in prefix.parameters():
        p.requires_grad_(False)
    n = args.images
    with torch.no_grad():
        cached = prefix(torch.randn(n, 3, args.size, args.size))
    target = torch.rand(n, n, dtype=torch.float64)
    target = (target + target.t()) / 2
    optimizer = torch.optim.SGD(net.layer4.parameters(), lr=0.005)

    def epoch(batches):
        start = time.perf_counter()
        for images, first, second in batches:
            optimizer.zero_grad(set_to_none=True)
            idx = torch.as_tensor(images)
            z = standardize(net.layer4(cached[idx]))
            k = z.shape[0]
            flat = torch.as_tensor(first * k + second)
            predicted = 1 - (z @ z.t()).flatten().index_select(0, flat)
            observed = target[idx[torch.as_tensor(first)], idx[torch.as_tensor(second)]].to(predicted.dtype)
            loss = correlation_loss(predicted, observed)
            loss.backward()
            float(loss)
            optimizer.step()
        return time.perf_counter() - start

    builders = {"images": image_batches, "pairs": pair_batches}
    if args.serve:
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
        waiting_cpu = 0.0
        while True:
            before = cpu_seconds()
            scheme = sys.stdin.readline().strip()
            waiting_cpu += cpu_seconds() - before
            if scheme in ("quit", ""):
                break
            seconds = epoch(builders[scheme](n, args.batch, rng))
            time.sleep(SETTLE_SECONDS)
            print(json.dumps({"scheme": scheme, "seconds": seconds}), flush=True)
        print(json.dumps({"peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
                          "waiting_cpu_s": waiting_cpu}), flush=True)
        return

    result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    schemes = ["images", "pairs"] if args.pairing == "both" else [args.pairing]
    for scheme in schemes:
        times = [epoch(builders[scheme](n, args.batch, rng)) for _ in range(args.epochs)]
        result[scheme] = min(times)
    result["peak_rss_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(json.dumps(result))


if __name__ == "__main__":
    main()
