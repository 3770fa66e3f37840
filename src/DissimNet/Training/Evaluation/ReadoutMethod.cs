namespace DissimNet.Training;

/// <summary>Whether a read-out over layers is fitted and scored as one more candidate (see <see cref="LayerReadout"/>).</summary>
public enum ReadoutMethod
{
    /// <summary>No read-out: only the layers themselves are candidates.</summary>
    None,

    /// <summary>Non-negative least-squares weights of the candidate layers' RDMs, fitted on the training images after every epoch.</summary>
    Nnls,
}
