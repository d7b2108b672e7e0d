using System.Net;
using System.Net.Sockets;

namespace Impact.Tests.Infrastructure;

/// <summary>
/// Free TCP ports on 127.0.0.1 for the servers the tests start. A port found free is released before the
/// server binds it, and on a loaded machine another process may take it in between; so a server is
/// started through <see cref="Bind{T}"/>, which tries again on a new port instead of failing the run.
/// </summary>
public static class LoopbackPort
{
    public const int Attempts = 5;

    /// <summary>A port nobody listens on right now (the system picks it).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Calls <paramref name="start"/> with a port from <paramref name="pick"/> (default <see cref="Free"/>)
    /// until it succeeds, at most <see cref="Attempts"/> times; the last failure names every port tried.
    /// </summary>
    public static T Bind<T>(Func<int, T> start, Func<int>? pick = null)
    {
        pick ??= Free;
        var tried = new List<int>();
        while (true)
        {
            var port = pick();
            tried.Add(port);
            try
            {
                return start(port);
            }
            catch (Exception e) when (e is not AssertionException)
            {
                if (tried.Count == Attempts)
                {
                    var ports = string.Join(", ", tried);
                    throw new InvalidOperationException($"Could not start on any of the ports {ports}: {e.Message}", e);
                }
                var why = e.Message.Split('\n')[0];
                TestContext.Progress.WriteLine($"Port {port} could not be used ({why}); trying another.");
            }
        }
    }
}
