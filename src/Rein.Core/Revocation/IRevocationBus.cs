namespace Rein.Core.Revocation;

/// <summary>
/// Carries revocation changes to every gateway's index. In-process by default; a Redis implementation arrives when
/// Rein scales out. Publishing returns once local subscribers have applied the change.
/// </summary>
public interface IRevocationBus
{
    ValueTask PublishAsync(RevocationChange change, CancellationToken cancellationToken);

    void Subscribe(Action<RevocationChange> handler);
}
