namespace DissimNet.Rdms;

/// <summary>The RDM vectors of a group of subjects, handed out one at a time: views of a stack held in memory, or vectors
/// read from a file when asked, so that a noise ceiling or a score never needs every subject as doubles at once.</summary>
internal abstract class SubjectVectors
{
    /// <summary>Number of subjects.</summary>
    public abstract int Count { get; }

    /// <summary>Pairs per RDM.</summary>
    public abstract int PairCount { get; }

    /// <summary>True when the values are single precision (raw pooling then averages in single precision, as numpy does).</summary>
    public abstract bool SinglePrecision { get; }

    /// <summary>True when <see cref="Get"/> reads into a buffer (a file), false when it hands out views (a stack).</summary>
    public abstract bool Copies { get; }

    /// <summary>Subject <paramref name="k"/>'s vector: a view of the stack, or read from the file into <paramref name="scratch"/>
    /// (a fresh array when null, for callers that keep it while reading others).</summary>
    public abstract ReadOnlyMemory<double> Get(int k, double[]? scratch = null);

    /// <summary>The RDMs <paramref name="indices"/> of a stack (e.g. every subject at one time point), without copies.</summary>
    public static SubjectVectors Of(RdmStack stack, int[] indices) => new StackSubjects(stack, indices);

    /// <summary>The RDMs of a file, read into a fresh vector each time one is asked for.</summary>
    public static SubjectVectors Of(RdmVectors vectors) => new FileSubjects(vectors);

    sealed class StackSubjects(RdmStack stack, int[] indices) : SubjectVectors
    {
        public override int Count => indices.Length;
        public override int PairCount => stack.PairCount;
        public override bool SinglePrecision => stack.SinglePrecision;
        public override bool Copies => false;
        public override ReadOnlyMemory<double> Get(int k, double[]? scratch = null) => stack.Memory(indices[k]);
    }

    sealed class FileSubjects(RdmVectors vectors) : SubjectVectors
    {
        public override int Count => vectors.Count;
        public override int PairCount => vectors.PairCount;
        public override bool SinglePrecision => vectors.SinglePrecision;
        public override bool Copies => true;

        public override ReadOnlyMemory<double> Get(int k, double[]? scratch = null)
        {
            var vector = scratch ?? new double[vectors.PairCount];
            vectors.Read(k, 0, vector);
            return vector;
        }
    }
}
