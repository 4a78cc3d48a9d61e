using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Audit;
using Rein.Core.Storage;

namespace Rein.Server.Tests;

/// <summary>Reads back what a running Rein audited, once everything it queued is stored.</summary>
internal static class GatewayAuditRecords
{
    /// <summary>The JSON of the latest gateway request record.</summary>
    public static async Task<string> LastAsync(IServiceProvider services)
    {
        await services.GetRequiredService<AuditLog>().FlushAsync(CancellationToken.None);
        var trail = await AuditTrail.ReadAllAsync(services.GetRequiredService<IDbContextFactory<ReinDbContext>>(), CancellationToken.None);
        return trail.Last(r => r.Kind == AuditKinds.GatewayRequest).Data;
    }
}
