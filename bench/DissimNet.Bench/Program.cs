if (args.Length > 0 && args[0] == "training")
{
    TrainingBench.Run();
    return;
}
Console.WriteLine("bench");
