using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Storage;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// Wraps the host's store so a test can take it away: while <see cref="Broken"/>, every context creation fails the
/// way an unreachable database does (a <see cref="System.Data.Common.DbException"/>).
/// </summary>
internal sealed class BreakableStore(IDbContextFactory<ReinDbContext> inner) : IDbContextFactory<ReinDbContext>
{
    public volatile bool Broken;

    public ReinDbContext CreateDbContext() =>
        Broken ? throw new SqliteException("unable to open database file (test: store taken away)", 14) : inner.CreateDbContext();

    public Task<ReinDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Broken ? throw new SqliteException("unable to open database file (test: store taken away)", 14) : inner.CreateDbContextAsync(cancellationToken);

    /// <summary>Replaces the registered factory with a <see cref="BreakableStore"/> around it.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDbContextFactory<ReinDbContext>));
        services.Remove(original);
        services.AddSingleton(sp => new BreakableStore(original switch
        {
            { ImplementationInstance: IDbContextFactory<ReinDbContext> instance } => instance,
            { ImplementationFactory: { } factory } => (IDbContextFactory<ReinDbContext>)factory(sp),
            { ImplementationType: { } type } => (IDbContextFactory<ReinDbContext>)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException("Unexpected store registration."),
        }));
        services.AddSingleton<IDbContextFactory<ReinDbContext>>(sp => sp.GetRequiredService<BreakableStore>());
    }
}
