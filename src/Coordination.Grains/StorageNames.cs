namespace Coordination.Grains;

/// <summary>The grain-storage provider names the grains persist to; every host must register them.</summary>
public static class StorageNames
{
    public const string State = "coordination";
}
