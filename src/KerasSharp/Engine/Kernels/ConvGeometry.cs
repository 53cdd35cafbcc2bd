namespace KerasSharp.Engine.Kernels;

/// <summary>
/// The geometry of a 2D sliding-window op on an NHWC tensor (convolution or pooling): input size, window, strides,
/// dilation, the zero padding before each spatial axis and the resulting output size. Output positions are numbered
/// row-major as <c>(n, oh, ow)</c>; a 1D op is the same with a height of 1.
/// </summary>
/// <remarks>
/// Output position <c>(oh, ow)</c> reads input rows <c>oh·StrideHeight − PadTop + i·DilationHeight</c> for
/// <c>i</c> in <c>[0, KernelHeight)</c> (likewise for columns); positions outside the input read as padding.
/// </remarks>
internal readonly struct ConvGeometry
{
    public ConvGeometry(int batch, int inHeight, int inWidth, int channels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, int padTop, int padLeft, int outHeight, int outWidth)
    {
        Batch = batch;
        InHeight = inHeight;
        InWidth = inWidth;
        Channels = channels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
        PadTop = padTop;
        PadLeft = padLeft;
        OutHeight = outHeight;
        OutWidth = outWidth;
    }

    public int Batch { get; }

    public int InHeight { get; }

    public int InWidth { get; }

    public int Channels { get; }

    public int KernelHeight { get; }

    public int KernelWidth { get; }

    public int StrideHeight { get; }

    public int StrideWidth { get; }

    public int DilationHeight { get; }

    public int DilationWidth { get; }

    public int PadTop { get; }

    public int PadLeft { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>Number of output positions <c>batch · outHeight · outWidth</c> (rows of the im2col matrix).</summary>
    public int Rows => Batch * OutHeight * OutWidth;

    /// <summary>Length of one patch <c>kh · kw · channels</c> (columns of the im2col matrix).</summary>
    public int PatchSize => KernelHeight * KernelWidth * Channels;

    /// <summary>Number of input values.</summary>
    public int InputSize => Batch * InHeight * InWidth * Channels;

    /// <summary>A 1×1 window with stride 1 and no padding: the im2col matrix is the input itself.</summary>
    public bool IsPointwise =>
        KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1 && PadTop == 0 && PadLeft == 0
        && OutHeight == InHeight && OutWidth == InWidth;

    /// <summary>Splits an output position into batch index and the first input row and column its window reads.</summary>
    public void Origin(int row, out int n, out int h0, out int w0)
    {
        int ow = row % OutWidth;
        int t = row / OutWidth;
        int oh = t % OutHeight;
        n = t / OutHeight;
        h0 = oh * StrideHeight - PadTop;
        w0 = ow * StrideWidth - PadLeft;
    }

    /// <summary>Offset of input pixel <c>(n, h, w, 0)</c>.</summary>
    public int PixelOffset(int n, int h, int w) => ((n * InHeight + h) * InWidth + w) * Channels;
}
