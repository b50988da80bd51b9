namespace Koho.Web;

/// <summary>
/// Marker for the UI's string resources. Keys are the Japanese text itself (Japanese is the default culture);
/// Resources/SharedResource.en.resx holds the English set.
/// </summary>
public sealed class SharedResource;
