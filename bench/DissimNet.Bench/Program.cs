using DissimNet.Bench;

// Benchmarks by name: `dotnet run -c Release --project bench/DissimNet.Bench -- score`.
var benchmarks = new Dictionary<string, (string About, Func<string[], int> Run)>
{
    ["score"] = ("RSA score of one 92x92 model vs 15 subjects with 1000 bootstrap resamples, against Python/scipy", ScoreBenchmark.Run),
    ["training"] = ("one Siamese training epoch: pair vs image batching, recomputed vs cached frozen prefix [images, default 40]", TrainingBenchmark.Run),
    ["cpu-paths"] = ("ResNet-18 training step, epoch and forward pass on each convolution path (oneDNN, oneDNN SSE4.1, reference) [repeats, default 2]", ConvolutionPathBenchmark.Run),
    ["cpu-paths-child"] = ("(internal) one path's measurements, run by cpu-paths", ConvolutionPathBenchmark.Child),
    ["training-large"] = ("an epoch of K random batches (--batches-per-epoch) at n = 1,000 and 5,000 small synthetic images [K, default 50]", LargeSetTrainingBenchmark.Run),
    ["training-twin"] = ("DissimNet's default training step vs its PyTorch twin (bench/training_twin.py), epochs in turns: paired speed ratios and peak RSS [images epochs, default 16] [pairs epochs, default 5]", TwinTrainingBenchmark.Run),
    ["training-twin-child"] = ("(internal) DissimNet epochs on request, run by training-twin", TwinTrainingBenchmark.Child),
    ["scale"] = ("growth with conditions: RDM from features and score + noise ceiling vs 3 subjects, DissimNet vs numpy/scipy, time and peak memory [sizes, default 1000 4000 10000 20000]", ScaleBenchmark.Run),
    ["scale-child"] = ("(internal) one measured piece of work, run by scale", ScaleBenchmark.Child),
    ["score-memory"] = ("peak RSS of `score` and `noise-ceiling` over the size of the RDMs read, every input path and comparison [conditions, default 4000]", ScoreMemoryBenchmark.Run),
    ["training-92"] = ("training epochs on the embedded 92 images with resnet18-imagenet: pair vs image batching [epochs, default 2]", RealTrainingBenchmark.Run),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("usage: DissimNet.Bench <benchmark> [options]");
    foreach (var (name, (about, _)) in benchmarks) Console.Error.WriteLine($"  {name,-10} {about}");
    return 2;
}
return benchmark.Run(args[1..]);
