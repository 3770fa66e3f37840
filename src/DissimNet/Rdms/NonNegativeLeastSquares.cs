namespace DissimNet.Rdms;

/// <summary>Non-negative least squares: the x >= 0 minimising ||A x - t||², by the Lawson-Hanson active-set method.</summary>
/// <remarks>
/// Works on the normal equations (AᵀA, Aᵀt), which are small when A has few columns (a read-out over layers has one per
/// layer) however many rows (pairs) it has. Columns are first scaled to unit length, which changes nothing about the
/// solution set (x_j >= 0 stays x_j >= 0) but keeps the Gram matrix well scaled; weights are scaled back at the end.
/// A column that is zero, or (numerically) a linear combination of the columns already in use, gets weight 0: its
/// Cholesky pivot is refused instead of dividing by almost nothing.
/// </remarks>
internal static class NonNegativeLeastSquares
{
    /// <summary>Smallest Cholesky pivot accepted for unit-length columns: below it a column is taken as a combination of the others.</summary>
    const double MinimumPivot = 1e-10;

    /// <summary>The non-negative weights of <paramref name="columns"/> (each as long as <paramref name="target"/>) that best fit the target.</summary>
    public static double[] Solve(IReadOnlyList<double[]> columns, double[] target)
    {
        int k = columns.Count;
        foreach (var column in columns)
            if (column.Length != target.Length)
                throw new ArgumentException($"every column needs {target.Length} rows, got one of {column.Length}");
        var scale = new double[k];
        for (int j = 0; j < k; j++) scale[j] = Math.Sqrt(Dot(columns[j], columns[j]));
        var gram = new double[k, k];
        var correlation = new double[k];
        for (int i = 0; i < k; i++)
        {
            if (scale[i] == 0) continue;
            correlation[i] = Dot(columns[i], target) / scale[i];
            for (int j = 0; j <= i; j++)
                if (scale[j] != 0) gram[i, j] = gram[j, i] = Dot(columns[i], columns[j]) / (scale[i] * scale[j]);
        }
        double tolerance = 1e-12 * Math.Max(1, Math.Sqrt(Dot(target, target)));
        var blocked = scale.Select(s => s == 0).ToArray();
        var x = SolveNormal(gram, correlation, tolerance, blocked);
        for (int j = 0; j < k; j++) x[j] = scale[j] == 0 ? 0 : x[j] / scale[j];
        return x;
    }

    /// <summary>Lawson-Hanson on the normal equations: minimises xᵀGx/2 - bᵀx over x >= 0, G positive semi-definite.</summary>
    /// <param name="gram">AᵀA (k x k).</param>
    /// <param name="correlation">Aᵀt.</param>
    /// <param name="tolerance">A column enters only when its gradient Aᵀ(t - Ax) exceeds this.</param>
    /// <param name="blocked">Columns never to use (kept at 0); columns found dependent are added to it. Null: none.</param>
    public static double[] SolveNormal(double[,] gram, double[] correlation, double tolerance, bool[]? blocked = null)
    {
        int k = correlation.Length;
        blocked ??= new bool[k];
        var x = new double[k];
        var passive = new bool[k];
        // Each step either adds a column or, in the inner loop, removes at least one; 3k outer steps is the classic bound.
        for (int iteration = 0; iteration < 3 * k + 10; iteration++)
        {
            var gradient = Gradient(gram, correlation, x);
            int enter = -1;
            for (int j = 0; j < k; j++)
                if (!passive[j] && !blocked[j] && gradient[j] > tolerance && (enter < 0 || gradient[j] > gradient[enter])) enter = j;
            if (enter < 0) break;
            passive[enter] = true;
            while (true)
            {
                var s = SolvePassive(gram, correlation, passive);
                if (s is null)
                {
                    // The entering column adds nothing the passive ones do not already span.
                    passive[enter] = false;
                    blocked[enter] = true;
                    break;
                }
                if (Enumerable.Range(0, k).All(j => !passive[j] || s[j] > 0))
                {
                    Array.Copy(s, x, k);
                    break;
                }
                // Step from x towards s as far as feasibility allows, then drop the columns that reached zero.
                double alpha = double.PositiveInfinity;
                int limiting = -1;
                for (int j = 0; j < k; j++)
                    if (passive[j] && s[j] <= 0 && x[j] / (x[j] - s[j]) is var step && step < alpha) (alpha, limiting) = (step, j);
                for (int j = 0; j < k; j++)
                    if (passive[j])
                    {
                        x[j] += alpha * (s[j] - x[j]);
                        // The limiting column lands on zero exactly in exact arithmetic; rounding must not leave it a hair above.
                        if (j == limiting || x[j] <= 0) { x[j] = 0; passive[j] = false; }
                    }
                if (!passive.Any(p => p)) break;
            }
        }
        return x;
    }

    /// <summary>Aᵀ(t - Ax) = b - Gx: positive where increasing a weight would lower the residual.</summary>
    public static double[] Gradient(double[,] gram, double[] correlation, double[] x)
    {
        int k = correlation.Length;
        var w = new double[k];
        for (int i = 0; i < k; i++)
        {
            double sum = correlation[i];
            for (int j = 0; j < k; j++) sum -= gram[i, j] * x[j];
            w[i] = sum;
        }
        return w;
    }

    /// <summary>The unconstrained least-squares weights of the passive columns (others 0), by Cholesky; null when a pivot is too small.</summary>
    static double[]? SolvePassive(double[,] gram, double[] correlation, bool[] passive)
    {
        var index = Enumerable.Range(0, passive.Length).Where(j => passive[j]).ToArray();
        int p = index.Length;
        var l = new double[p, p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = gram[index[i], index[j]];
                for (int m = 0; m < j; m++) sum -= l[i, m] * l[j, m];
                if (i == j)
                {
                    if (!(sum > MinimumPivot * Math.Max(1, gram[index[i], index[i]]))) return null;
                    l[i, i] = Math.Sqrt(sum);
                }
                else l[i, j] = sum / l[j, j];
            }
        var y = new double[p];
        for (int i = 0; i < p; i++)
        {
            double sum = correlation[index[i]];
            for (int m = 0; m < i; m++) sum -= l[i, m] * y[m];
            y[i] = sum / l[i, i];
        }
        var s = new double[passive.Length];
        for (int i = p - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int m = i + 1; m < p; m++) sum -= l[m, i] * s[index[m]];
            s[index[i]] = sum / l[i, i];
        }
        return s;
    }

    static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
