using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ResourceServers.Analyzers;

/// <summary>
/// Whether code at one place may run before code at another, on the control flow graph of a method body. Answers
/// "may" whenever it cannot tell: for code it cannot find in the graph (a lambda's, a local function's), and for code
/// inside a try, catch or finally, where exceptions take edges the graph does not draw.
/// </summary>
internal sealed class Reachability
{
    private readonly ImmutableArray<BasicBlock> _blocks;
    private readonly Dictionary<SyntaxNode, List<Position>> _positions = new();

    private Reachability(ControlFlowGraph graph)
    {
        _blocks = graph.Blocks;
        foreach (var block in _blocks)
        {
            for (var i = 0; i < block.Operations.Length; i++)
            {
                Index(block.Operations[i], new Position(block.Ordinal, i));
            }

            if (block.BranchValue is { } branchValue)
            {
                Index(branchValue, new Position(block.Ordinal, block.Operations.Length));
            }
        }
    }

    /// <summary>A graph in which everything may reach everything: for code the analyzer cannot place.</summary>
    public static Reachability? Unknown => null;

    public static Reachability? Create(ControlFlowGraph? graph) => graph is null ? null : new Reachability(graph);

    /// <summary>True when code at <paramref name="from"/> may run before (or as part of) code at <paramref name="to"/>.</summary>
    public static bool MayReach(Reachability? reachability, SyntaxNode from, SyntaxNode to) =>
        reachability is null
        || !reachability._positions.TryGetValue(from, out var sources)
        || !reachability._positions.TryGetValue(to, out var targets)
        || sources.Any(source => targets.Any(target => reachability.Reaches(source, target)));

    private void Index(IOperation operation, Position position)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (!_positions.TryGetValue(node.Syntax, out var list))
            {
                _positions[node.Syntax] = list = new List<Position>();
            }

            if (!list.Contains(position))
            {
                list.Add(position);
            }
        }
    }

    private bool Reaches(Position source, Position target)
    {
        if (source.Block == target.Block && source.Index <= target.Index)
        {
            return true;
        }

        var visited = new bool[_blocks.Length];
        var pending = new Queue<int>();
        pending.Enqueue(source.Block);
        while (pending.Count > 0)
        {
            var block = _blocks[pending.Dequeue()];
            if (InExceptionHandling(block.EnclosingRegion))
            {
                return true;
            }

            foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
            {
                if (branch is null)
                {
                    continue;
                }

                if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling || !branch.FinallyRegions.IsEmpty)
                {
                    return true;
                }

                if (branch.Destination is not { } destination)
                {
                    continue;
                }

                if (destination.Ordinal == target.Block)
                {
                    return true;
                }

                if (!visited[destination.Ordinal])
                {
                    visited[destination.Ordinal] = true;
                    pending.Enqueue(destination.Ordinal);
                }
            }
        }

        return false;
    }

    private static bool InExceptionHandling(ControlFlowRegion? region)
    {
        for (; region is not null; region = region.EnclosingRegion)
        {
            switch (region.Kind)
            {
                case ControlFlowRegionKind.Try:
                case ControlFlowRegionKind.Catch:
                case ControlFlowRegionKind.Filter:
                case ControlFlowRegionKind.FilterAndHandler:
                case ControlFlowRegionKind.Finally:
                case ControlFlowRegionKind.TryAndCatch:
                case ControlFlowRegionKind.TryAndFinally:
                    return true;
            }
        }

        return false;
    }

    private readonly struct Position : IEquatable<Position>
    {
        public Position(int block, int index)
        {
            Block = block;
            Index = index;
        }

        public int Block { get; }

        public int Index { get; }

        public bool Equals(Position other) => Block == other.Block && Index == other.Index;

        public override bool Equals(object? obj) => obj is Position other && Equals(other);

        public override int GetHashCode() => (Block * 397) ^ Index;
    }
}
