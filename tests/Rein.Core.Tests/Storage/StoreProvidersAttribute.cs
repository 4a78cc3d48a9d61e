using System.Reflection;
using Xunit.Sdk;

namespace Rein.Core.Tests.Storage;

/// <summary>Feeds a store theory one row per store it must pass on: "sqlite", and "postgres" when available or required.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class StoreProvidersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        yield return ["sqlite"];
        if (TestStores.IncludePostgres) yield return ["postgres"];
    }
}
