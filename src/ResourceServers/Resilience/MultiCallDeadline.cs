using System.Globalization;

namespace ResourceServers;

/// <summary>
/// The deadline of an operation made of many calls (a listing's pages, PlanAll, EnsureAll): each call has its own
/// attempt and total timeouts, and this bounds them together, so a server that answers every call slowly but in time
/// cannot keep one operation going for hours (<see cref="ResourceServerResilienceOptions.MultiCallTimeout"/>).
/// </summary>
internal sealed class MultiCallDeadline(TimeSpan timeout, TimeProvider timeProvider)
{
    /// <summary>The time an operation may spend in the client in all.</summary>
    public TimeSpan Timeout { get; } = timeout;

    private TimeProvider Time { get; } = timeProvider;

    /// <summary>Starts the clock of one operation, e.g. <c>EnsureAll</c> of a pool.</summary>
    public Budget Start(string operation, string userPoolId) => new(this, operation, userPoolId);

    /// <summary>What one operation has left; its steps run one after another.</summary>
    internal sealed class Budget(MultiCallDeadline deadline, string operation, string userPoolId)
    {
        private TimeSpan _spent;

        /// <summary>
        /// Runs one step (a page, or the whole operation) with what remains, charging the time it takes; the time a
        /// caller spends between steps (between the pages of a listing) is not charged.
        /// </summary>
        /// <exception cref="CognitoServiceException">With <see cref="CognitoErrorCodes.Timeout"/>: the operation's time ran out.</exception>
        public async Task<TResult> RunAsync<TState, TResult>(TState state, Func<TState, CancellationToken, Task<TResult>> step, CancellationToken cancellationToken)
        {
            var remaining = deadline.Timeout - _spent;
            if (remaining <= TimeSpan.Zero)
            {
                throw Expired(innerException: null);
            }

            var started = deadline.Time.GetTimestamp();
            using var timer = new CancellationTokenSource(remaining, deadline.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                return await step(state, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Expired(e);
            }
            finally
            {
                _spent += deadline.Time.GetElapsedTime(started);
            }
        }

        private CognitoServiceException Expired(Exception? innerException) =>
            CognitoServiceException.NoAnswer(
                CognitoErrorCodes.Timeout,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{operation} of user pool '{userPoolId}' took longer than {deadline.Timeout:c} in all ({ResourceServerResilienceOptions.SectionName}:{nameof(ResourceServerResilienceOptions.MultiCallTimeout)}) and was stopped; what it did before stays done"),
                isRetryable: true,
                innerException);
    }
}
