namespace KerasSharp.Engine;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting (see <see cref="Ops.Add"/>).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary>Element-wise difference with broadcasting (see <see cref="Ops.Subtract"/>).</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b);

    /// <summary>Element-wise product with broadcasting (see <see cref="Ops.Multiply"/>).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b);

    /// <summary>Element-wise quotient with broadcasting (see <see cref="Ops.Divide"/>).</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b);

    /// <summary>Element-wise negation.</summary>
    public static Tensor operator -(Tensor a) => Ops.Negative(a);
}
