namespace ResourceServers;

/// <summary>
/// A request broke a constraint of the service model and was not sent. Names the member (for example
/// <c>Scopes[3].ScopeName</c>) and the rule, and the offending length or character; never the whole request.
/// </summary>
/// <remarks>
/// <see cref="Message"/> is exactly <c>"{Member}: {Rule}; {Detail}."</c>. <see cref="ArgumentException.ParamName"/>
/// holds the member path too, so code that reads it from any <see cref="ArgumentException"/> still finds the culprit.
/// </remarks>
public sealed class ResourceServerValidationException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="member">The path of the member that broke the rule, e.g. <c>Scopes[3].ScopeName</c>.</param>
    /// <param name="rule">What the rule requires, e.g. <c>length must be 1..256</c>.</param>
    /// <param name="detail">What was found instead, e.g. <c>length was 257</c> or <c>character '/' (U+002F) at index 4</c>.</param>
    public ResourceServerValidationException(string member, string rule, string detail)
        : base(Format(member, rule, detail), member)
    {
        Member = member;
        Rule = rule;
        Detail = detail;
    }

    /// <summary>The path of the member that broke the rule, e.g. <c>Scopes[3].ScopeName</c>.</summary>
    public string Member { get; }

    /// <summary>What the rule requires.</summary>
    public string Rule { get; }

    /// <summary>What was found instead.</summary>
    public string Detail { get; }

    /// <summary>
    /// <c>"{Member}: {Rule}; {Detail}."</c>. Overridden because <see cref="ArgumentException"/> would append
    /// <c>" (Parameter '{Member}')"</c>, repeating the member path the message already starts with.
    /// </summary>
    public override string Message => Format(Member, Rule, Detail);

    private static string Format(string member, string rule, string detail) => $"{member}: {rule}; {detail}.";
}
