namespace Rein.Broker.Tests.Infrastructure;

/// <summary>Form fields in order, repeats allowed, for <c>application/x-www-form-urlencoded</c> posts.</summary>
internal sealed class Form : List<KeyValuePair<string, string>>
{
    public void Add(string name, string value) => Add(new KeyValuePair<string, string>(name, value));

    public Form Without(string name)
    {
        var copy = new Form();
        copy.AddRange(this.Where(p => p.Key != name));
        return copy;
    }

    public Form With(string name, string value)
    {
        var copy = Without(name);
        copy.Add(name, value);
        return copy;
    }
}
