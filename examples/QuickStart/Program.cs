// DissimNet as a library, in four steps on the embedded 92-image data (Kriegeskorte et al. 2008):
//   1. load the human IT RDMs;
//   2. score a model RDM against them, with the noise ceiling;
//   3. train one epoch of the embedded ImageNet-trained ResNet-18 (its last stage; the earlier ones stay fixed);
//   4. predict: the trained network's RDM of the images, scored like the model in step 2.
// Usage: dotnet run --project examples/QuickStart -- [OUTPUT_FOLDER]
using DissimNet.Rdms;
using DissimNet.Statistics;
using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Examples;

/// <summary>The sample program of docs/api.md.</summary>
public static class QuickStart
{
    /// <summary>Runs the four steps; writes the run to <c>args[0]</c> (default: a folder in the temp folder).</summary>
    public static int Main(string[] args)
    {
        var output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"dissimnet-quickstart-{Environment.ProcessId}");
        try
        {
            Run(output, Console.Out);
            return 0;
        }
        catch (DissimNetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>The four steps, reporting to <paramref name="log"/>; returns the score of the trained network's RDM.</summary>
    public static ModelScore Run(string outputFolder, TextWriter log)
    {
        var data = NinetyTwoImageData.Load(NinetyTwoImageData.Locate());

        // 1. RDMs: the file holds 8 RDMs (4 subjects x 2 sessions) of 92 x 92 images.
        RdmStack brain = RdmFiles.LoadStack(data.BrainRdmsSpec);
        log.WriteLine($"loaded {brain.Count} RDMs of {brain.ConditionCount} images");

        // 2. A model RDM: 0 for two images of the same category, 1 otherwise. Scored by rsatoolbox's defaults (Spearman
        //    correlation per subject RDM, a t-test over subjects, and the leave-one-out noise ceiling).
        var categories = data.Categories;
        var categoryModel = new double[brain.ConditionCount * brain.ConditionCount];
        for (int i = 0; i < brain.ConditionCount; i++)
            for (int j = 0; j < brain.ConditionCount; j++)
                categoryModel[i * brain.ConditionCount + j] = categories[i] == categories[j] ? 0 : 1;
        var model = Rdm.FromSquare(categoryModel, brain.ConditionCount, name: "category");
        Report(log, "category model", ModelEvaluation.Score(model, brain));

        // 3. Training: the settings given here are the only ones fixed; the recipe, the network's defaults and the declared
        //    defaults fill the rest (see docs/api.md). A third of the images are held out to choose the layer and epoch.
        var request = new TrainRequest
        {
            Model = "resnet18-imagenet",
            Settings = SettingOverlay.Empty
                .With(s => s.Epochs, 1)
                .With(s => s.CandidateLayers, ["stage4", "pool"])
                .With(s => s.Seed, 1),
        };
        var images = new TrainingDataRequest { Images = [data.ImagesSpec], Targets = [data.BrainRdmsSpec], HoldoutFraction = 1.0 / 3 };
        var (summary, _) = TrainWorkflow.Run(request, images, outputFolder);
        log.WriteLine($"trained {summary.Epochs.Count} epoch: best layer {summary.Best?.Layer} after epoch {summary.Best?.Epoch}, " +
            $"validation {summary.ScoreMethod} {summary.Best?.Score:F3}");

        // 4. Prediction: the RDM of all 92 images at the layer and epoch chosen on the validation images. (All images include the
        //    training ones, so this score shows the API, not a held-out result; crossval gives held-out numbers.)
        var pixels = Images.ImageSet.LoadArray(data.ImagesSpec);
        var predicted = TrainedRun.Rdm(outputFolder, pixels);
        var score = ModelEvaluation.Score(predicted.Rdm, brain);
        Report(log, $"trained network at {predicted.Layer}", score);
        return score;
    }

    static void Report(TextWriter log, string what, ModelScore score) =>
        log.WriteLine($"{what}: mean {score.Method} {score.Mean:F3} over {score.PerSubject.Length} subject RDMs, " +
            (score.NoiseCeiling is { } c ? $"noise ceiling {c.Lower:F3} .. {c.Upper:F3}" : "no noise ceiling"));
}
