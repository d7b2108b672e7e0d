using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Impact.Tests.Infrastructure;

/// <summary>A port taken between picking and binding costs a retry, not the run.</summary>
public sealed class LoopbackPortTests
{
    /// <summary>A port another process holds: given first, so the server must move on.</summary>
    static (TcpListener Squatter, Func<int> Pick) TakenFirst()
    {
        var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var ports = new Queue<int>([((IPEndPoint)squatter.LocalEndpoint).Port]);
        return (squatter, () => ports.TryDequeue(out var port) ? port : LoopbackPort.Free());
    }

    [Test]
    public void Bind_gives_up_after_a_few_ports_naming_them()
    {
        var tried = 0;
        int Refuse(int port)
        {
            tried++;
            throw new IOException($"port {port} in use");
        }
        var e = Assert.Throws<InvalidOperationException>(() => LoopbackPort.Bind(Refuse, () => 40000 + tried))!;
        Assert.That(tried, Is.EqualTo(LoopbackPort.Attempts));
        Assert.That(e.Message, Does.StartWith("Could not start on any of the ports 40000, 40001, 40002, 40003, 40004"));
    }

    [Test]
    public async Task The_postgres_cluster_starts_on_another_port_when_its_first_is_taken()
    {
        await PostgresServer.GetAsync(); // skips (or fails in CI) with the reason when PostgreSQL is not installed
        var (squatter, pick) = TakenFirst();
        using var _ = squatter;
        var server = await PostgresServer.StartLocalAsync(pick);
        Assert.That(server, Is.Not.Null);
        try
        {
            Assert.That(server!.Port, Is.Not.EqualTo(((IPEndPoint)squatter.LocalEndpoint).Port));
            await using var db = new NpgsqlConnection(await server.CreateDatabaseAsync());
            await db.OpenAsync();
            Assert.That(db.PostgreSqlVersion.Major, Is.GreaterThan(9));
        }
        finally
        {
            server?.Stop();
        }
    }
}
