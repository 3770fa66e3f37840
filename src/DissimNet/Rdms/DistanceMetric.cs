namespace DissimNet.Rdms;

/// <summary>How the dissimilarity of two conditions' feature vectors is measured.</summary>
public enum DistanceMetric
{
    /// <summary>1 - Pearson correlation of the two patterns (the default in RSA).</summary>
    Correlation,
    /// <summary>Euclidean distance.</summary>
    Euclidean,
    /// <summary>Squared Euclidean distance.</summary>
    SquaredEuclidean,
    /// <summary>1 - cosine similarity.</summary>
    Cosine,
}
