using System.Runtime.CompilerServices;
using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>Room for up to four argument values on the stack.</summary>
[InlineArray(4)]
internal struct ValueBuffer
{
    private Value _element0;
}
