using KerasSharp.Engine;

// Namespace KerasSharp.Tests.Engine (not …Engine.Ops): a namespace named Ops would hide the Ops class in every test of
// KerasSharp.Tests.Engine.
namespace KerasSharp.Tests.Engine;

/// <summary>
/// Direct-loop references in double for convolution and pooling (NHWC), written from TensorFlow's documented rules
/// independently of the engine: valid <c>floor((n − dk)/s) + 1</c>; same <c>ceil(n/s)</c> with
/// <c>total = max((out − 1)·s + dk − n, 0)</c> split <c>total/2</c> before; causal pads <c>dk − 1</c> before.
/// </summary>
internal static class ConvReference
{
    /// <summary>Output length and padding before for one axis.</summary>
    public static (int Out, int PadBefore) Window(int n, int k, int s, int d, string padding)
    {
        int dk = (k - 1) * d + 1;
        switch (padding)
        {
            case "valid":
                return ((int)Math.Floor((n - dk) / (double)s) + 1, 0);
            case "causal":
                return ((int)Math.Ceiling(n / (double)s), dk - 1);
            default:
                int output = (int)Math.Ceiling(n / (double)s);
                int total = Math.Max((output - 1) * s + dk - n, 0);
                return (output, total / 2);
        }
    }

    /// <summary>The 7-loop convolution <c>y[n,oh,ow,f] = b[f] + Σ x[n, oh·sh − pt + i·dh, ow·sw − pl + j·dw, c]·w[i,j,c,f]</c>.</summary>
    public static double[] Conv2D(Tensor x, Tensor w, Tensor? b, int sh, int sw, int dh, int dw, string padding, out Shape outShape)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], c = x.Shape[3];
        int kh = w.Shape[0], kw = w.Shape[1], f = w.Shape[3];
        var (oh, pt) = Window(h, kh, sh, dh, padding);
        var (ow, pl) = Window(wd, kw, sw, dw, padding);
        outShape = new Shape(n, oh, ow, f);
        var xs = x.ToArray();
        var ws = w.ToArray();
        var y = new double[n * oh * ow * f];
        for (int b0 = 0; b0 < n; b0++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    for (int o = 0; o < f; o++)
                    {
                        double sum = b is null ? 0 : b.Span[o];
                        for (int i = 0; i < kh; i++)
                        {
                            for (int j = 0; j < kw; j++)
                            {
                                int hi = r * sh - pt + i * dh, wi = q * sw - pl + j * dw;
                                if (hi < 0 || hi >= h || wi < 0 || wi >= wd)
                                {
                                    continue;
                                }
                                for (int ch = 0; ch < c; ch++)
                                {
                                    sum += (double)xs[((b0 * h + hi) * wd + wi) * c + ch] * ws[((i * kw + j) * c + ch) * f + o];
                                }
                            }
                        }
                        y[((b0 * oh + r) * ow + q) * f + o] = sum;
                    }
                }
            }
        }
        return y;
    }

    /// <summary>
    /// The adjoint loops of <see cref="Conv2D"/> for an output gradient <paramref name="g"/>:
    /// <c>dx[n, hi, wi, c] += w[i, j, c, f]·g[n, oh, ow, f]</c> and <c>dw[i, j, c, f] += x[n, hi, wi, c]·g[n, oh, ow, f]</c>.
    /// </summary>
    public static (double[] Dx, double[] Dw) Conv2DBackward(Tensor x, Tensor w, Tensor g, int sh, int sw, int dh, int dw, string padding)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], c = x.Shape[3];
        int kh = w.Shape[0], kw = w.Shape[1], f = w.Shape[3];
        var (oh, pt) = Window(h, kh, sh, dh, padding);
        var (ow, pl) = Window(wd, kw, sw, dw, padding);
        var xs = x.ToArray();
        var ws = w.ToArray();
        var gs = g.ToArray();
        var dxs = new double[xs.Length];
        var dws = new double[ws.Length];
        for (int b0 = 0; b0 < n; b0++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    for (int i = 0; i < kh; i++)
                    {
                        for (int j = 0; j < kw; j++)
                        {
                            int hi = r * sh - pt + i * dh, wi = q * sw - pl + j * dw;
                            if (hi < 0 || hi >= h || wi < 0 || wi >= wd)
                            {
                                continue;
                            }
                            for (int ch = 0; ch < c; ch++)
                            {
                                int xi = ((b0 * h + hi) * wd + wi) * c + ch;
                                for (int o = 0; o < f; o++)
                                {
                                    double gv = gs[((b0 * oh + r) * ow + q) * f + o];
                                    int wk = ((i * kw + j) * c + ch) * f + o;
                                    dxs[xi] += ws[wk] * gv;
                                    dws[wk] += xs[xi] * gv;
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dxs, dws);
    }

    /// <summary>Max or average pooling; the average counts only real (non-padding) positions, as TensorFlow.</summary>
    public static double[] Pool2D(Tensor x, int ph, int pw, int sh, int sw, string padding, bool max, out Shape outShape)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], c = x.Shape[3];
        var (oh, pt) = Window(h, ph, sh, 1, padding);
        var (ow, pl) = Window(wd, pw, sw, 1, padding);
        outShape = new Shape(n, oh, ow, c);
        var xs = x.ToArray();
        var y = new double[n * oh * ow * c];
        for (int b0 = 0; b0 < n; b0++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        double acc = max ? double.NegativeInfinity : 0;
                        int count = 0;
                        for (int i = 0; i < ph; i++)
                        {
                            for (int j = 0; j < pw; j++)
                            {
                                int hi = r * sh - pt + i, wi = q * sw - pl + j;
                                if (hi < 0 || hi >= h || wi < 0 || wi >= wd)
                                {
                                    continue;
                                }
                                double v = xs[((b0 * h + hi) * wd + wi) * c + ch];
                                acc = max ? Math.Max(acc, v) : acc + v;
                                count++;
                            }
                        }
                        y[((b0 * oh + r) * ow + q) * c + ch] = max ? acc : acc / count;
                    }
                }
            }
        }
        return y;
    }

    /// <summary>The values as floats, for <c>TensorAssert.AllClose</c>.</summary>
    public static float[] ToFloats(this double[] values) => values.Select(v => (float)v).ToArray();
}
