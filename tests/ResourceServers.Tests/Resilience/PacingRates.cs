using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResourceServers.Wire;
using Xunit.Sdk;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// The rates a pacer has in force now, as the pacing gauge (<see cref="ResourceServerTelemetry.PacingRateInstrument"/>)
/// reports them: each category's, and per operation the lowest over the pools it is tracked for. An operation with no
/// (operation, pool) window tracked has no per-operation rate, which is how a dropped idle window shows.
/// </summary>
internal sealed class PacingRates
{
    private const string PerOperationLimit = CognitoRequestPacer.PerPoolLimit;

    private readonly Dictionary<string, double> _categories = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, double> _operations = new(StringComparer.Ordinal);

    private PacingRates(List<Measurement<double>> measurements)
    {
        foreach (var measurement in measurements)
        {
            var limit = Tag(measurement, ResourceServerTelemetry.PacingLimitTag) ?? throw new XunitException("A pacing rate without its limit tag.");
            if (limit == PerOperationLimit)
            {
                var operation = Tag(measurement, ResourceServerTelemetry.MethodTag) ?? throw new XunitException("A per-operation pacing rate without its method tag.");
                Add(_operations, operation, measurement.Value);
            }
            else
            {
                Add(_categories, limit, measurement.Value);
            }
        }
    }

    /// <summary>The names of the operations with at least one (operation, pool) window tracked, in ordinal order.</summary>
    public IReadOnlyList<string> Operations => [.. _operations.Keys];

    /// <summary>What <paramref name="pacer"/> reports on the pacing gauge now.</summary>
    public static PacingRates Of(CognitoRequestPacer pacer)
    {
        var measurements = new List<Measurement<double>>();
        pacer.MeasureRates(measurements);
        return new PacingRates(measurements);
    }

    /// <summary>What the pacing gauge reports now to <paramref name="gauge"/>, a collector of one client's meter.</summary>
    public static PacingRates Of(MetricCollector<double> gauge)
    {
        gauge.Clear();
        gauge.RecordObservableInstruments();
        return new PacingRates([.. gauge.GetMeasurementSnapshot().Select(m => new Measurement<double>(m.Value, m.Tags))]);
    }

    /// <summary>The rate in force for <paramref name="category"/>, requests per second.</summary>
    public double Category(CognitoQuotaCategory category) =>
        _categories.TryGetValue(category.Name, out var rate) ? rate : throw new XunitException($"No pacing rate for the category {category.Name}.");

    /// <summary>The lowest rate in force for <paramref name="operation"/> over the pools it is tracked for; fails when it is tracked for none.</summary>
    public double Operation(CognitoOperation operation) =>
        _operations.TryGetValue(operation.Name, out var rate) ? rate : throw new XunitException($"No pacing rate for {operation.Name}: no pool's window is tracked for it.");

    private static void Add(IDictionary<string, double> rates, string name, double rate)
    {
        if (!rates.TryAdd(name, rate))
        {
            throw new XunitException($"The pacing rate of {name} is reported twice.");
        }
    }

    private static string? Tag(Measurement<double> measurement, string name)
    {
        foreach (var tag in measurement.Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
