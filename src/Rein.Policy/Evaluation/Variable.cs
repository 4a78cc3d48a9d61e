namespace Rein.Policy.Evaluation;

internal enum Variable : byte
{
    Principal,
    Action,
    Resource,
    Context,
}
