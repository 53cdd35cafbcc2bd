using KerasSharp.Engine;

namespace KerasSharp.Examples.Functional;

/// <summary>
/// Synthetic support tickets: a title of word ids and a vector of tags, with two targets. A ticket is urgent
/// (priority 1) when its title holds one of the urgent words (ids 1–19) or it carries tag 0; its department (0–3) is
/// the one whose vocabulary (ids 100–199, 200–299, 300–399, 400–499) most of its title words come from.
/// </summary>
public sealed record TicketData(Tensor Titles, Tensor Tags, Tensor Priority, Tensor Department)
{
    /// <summary>Size of the vocabulary (word ids 0 … Words − 1).</summary>
    public const int Words = 500;

    /// <summary>Words per title.</summary>
    public const int TitleLength = 8;

    /// <summary>Number of tags.</summary>
    public const int TagCount = 12;

    /// <summary>Number of departments.</summary>
    public const int Departments = 4;

    /// <summary>Number of tickets.</summary>
    public int Count => Titles.Shape[0];

    /// <summary>Makes <paramref name="count"/> tickets from a seeded generator.</summary>
    public static TicketData Generate(int count, int seed)
    {
        var rng = new Rng(seed);
        var titles = new float[count * TitleLength];
        var tags = new float[count * TagCount];
        var priority = new float[count];
        var department = new float[count * Departments];
        for (int i = 0; i < count; i++)
        {
            int dept = rng.NextInt(Departments);
            bool urgentWord = rng.NextDouble() < 0.3;
            for (int w = 0; w < TitleLength; w++)
            {
                // most words from the department's vocabulary, the others from anywhere outside the urgent words
                int word = rng.NextDouble() < 0.6 ? 100 * (dept + 1) + rng.NextInt(100) : 20 + rng.NextInt(Words - 20);
                titles[i * TitleLength + w] = word;
            }
            if (urgentWord)
            {
                titles[i * TitleLength + rng.NextInt(TitleLength)] = 1 + rng.NextInt(19);
            }
            for (int t = 0; t < TagCount; t++)
            {
                tags[i * TagCount + t] = rng.NextDouble() < (t == 0 ? 0.2 : 0.5) ? 1 : 0;
            }
            priority[i] = urgentWord || tags[i * TagCount] == 1 ? 1 : 0;
            department[i * Departments + MostCommonDepartment(titles.AsSpan(i * TitleLength, TitleLength))] = 1;
        }
        return new TicketData(
            Tensor.FromArray(titles, count, TitleLength),
            Tensor.FromArray(tags, count, TagCount),
            Tensor.FromArray(priority, count, 1),
            Tensor.FromArray(department, count, Departments));
    }

    private static int MostCommonDepartment(ReadOnlySpan<float> title)
    {
        Span<int> votes = stackalloc int[Departments];
        foreach (float word in title)
        {
            int group = (int)word / 100 - 1;
            if (group >= 0 && group < Departments)
            {
                votes[group]++;
            }
        }
        int best = 0;
        for (int d = 1; d < Departments; d++)
        {
            best = votes[d] > votes[best] ? d : best;
        }
        return best;
    }
}
