using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse;

namespace Impact.Warehouse.Accounts.Users;

/// <summary>
/// The users and user_roles tables. Every change of roles, password or existence gives the account a
/// new security stamp, which ends the cookies issued before it.
/// </summary>
public sealed class UserStore(Database warehouse, TimeProvider clock)
{
    public Database Warehouse => warehouse;

    public async Task<UserAccount?> FindAsync(string email, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await ReadOneAsync(db, null, "email = @key", EmailAddress.Normalize(email), ct);
    }

    public async Task<UserAccount?> FindAsync(long userId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await ReadOneAsync(db, null, "user_id = @key", userId, ct);
    }

    /// <summary>The account's current security stamp; null when the account no longer exists.</summary>
    public async Task<string?> SecurityStampAsync(long userId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await db.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT security_stamp FROM users WHERE user_id = @userId", new { userId }, cancellationToken: ct));
    }

    /// <summary>Who to ask for a role: the administrators' names and emails.</summary>
    public async Task<IReadOnlyList<(string Name, string Email)>> AdministratorsAsync(CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return (await db.QueryAsync<(string, string)>(new CommandDefinition("""
            SELECT u.name, u.email FROM users u JOIN user_roles r ON r.user_id = u.user_id
            WHERE r.role = @role ORDER BY u.name
            """, new { role = Roles.Admin }, cancellationToken: ct))).ToList();
    }

    /// <summary>Everyone, by email.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var rows = await db.QueryAsync<Row>(
            new CommandDefinition($"{SelectUsers} ORDER BY email", cancellationToken: ct));
        var roles = (await db.QueryAsync<(long UserId, string Role)>(new CommandDefinition(
            "SELECT user_id, role FROM user_roles", cancellationToken: ct))).ToLookup(r => r.UserId, r => r.Role);
        return rows.Select(r => r.ToAccount(roles[r.UserId])).ToList();
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long>(
            new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: ct));
    }

    /// <summary>Adds an account with its roles; refuses an email that is taken. Returns its id.</summary>
    public async Task<long> AddAsync(DbConnection db, DbTransaction tx, NewUser user, CancellationToken ct)
    {
        var taken = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM users WHERE email = @Email", new { user.Email }, tx, cancellationToken: ct));
        if (taken > 0) throw new ImpactException($"{user.Email} already has an account.");
        var sql = warehouse.Dialect.InsertReturningId("users",
            ["email", "name", "password_hash", "must_change_password", "failed_attempts", "security_stamp", "source",
             "created_at"], "user_id");
        var id = await db.ExecuteScalarAsync<long>(new CommandDefinition(sql, new Dictionary<string, object?>
        {
            ["email"] = user.Email, ["name"] = user.Name, ["password_hash"] = user.PasswordHash,
            ["must_change_password"] = user.MustChangePassword ? 1 : 0, ["failed_attempts"] = 0,
            ["security_stamp"] = NewStamp(), ["source"] = user.Source, ["created_at"] = Now(),
        }, tx, cancellationToken: ct));
        await InsertRolesAsync(db, tx, id, user.Roles, ct);
        return id;
    }

    public async Task RemoveAsync(DbConnection db, DbTransaction tx, long userId, CancellationToken ct)
    {
        await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_roles WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
        await db.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE user_id = @userId", new { userId }, tx,
            cancellationToken: ct));
    }

    public async Task SetRolesAsync(DbConnection db, DbTransaction tx, long userId, IReadOnlyList<string> roles,
        CancellationToken ct)
    {
        await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_roles WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
        await InsertRolesAsync(db, tx, userId, roles, ct);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET security_stamp = @stamp WHERE user_id = @userId", new { stamp = NewStamp(), userId }, tx,
            cancellationToken: ct));
    }

    /// <summary>A new password (hash); a one-time one must be changed at the next sign-in.</summary>
    public Task SetPasswordAsync(DbConnection db, DbTransaction? tx, long userId, string hash, bool mustChange,
        CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET password_hash = @hash, must_change_password = @mustChange, failed_attempts = 0,
                             lockout_end = NULL, security_stamp = @stamp
            WHERE user_id = @userId
            """, new { hash, mustChange = mustChange ? 1 : 0, stamp = NewStamp(), userId }, tx, cancellationToken: ct));

    /// <summary>The same password hashed with the hasher's current settings; sessions stay valid.</summary>
    public async Task RehashAsync(long userId, string hash, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition("UPDATE users SET password_hash = @hash WHERE user_id = @userId",
            new { hash, userId }, cancellationToken: ct));
    }

    /// <summary>
    /// Counts a failed attempt; the one that reaches <paramref name="limit"/> locks the account until
    /// <paramref name="lockUntil"/> and starts the count again. True when this attempt locked it.
    /// </summary>
    public async Task<bool> RecordFailureAsync(long userId, int limit, DateTimeOffset lockUntil, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        var failed = 1 + await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT failed_attempts FROM users WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
        var locks = failed >= limit;
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_attempts = @failed, lockout_end = @lockout WHERE user_id = @userId",
            new { failed = locks ? 0 : failed, lockout = locks ? Clock.UtcStamp(lockUntil) : null, userId }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        return locks;
    }

    public async Task RecordSignInAsync(long userId, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_attempts = 0, lockout_end = NULL, last_sign_in = @now WHERE user_id = @userId",
            new { now = Now(), userId }, cancellationToken: ct));
    }

    public Task UnlockAsync(DbConnection db, DbTransaction tx, long userId, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_attempts = 0, lockout_end = NULL WHERE user_id = @userId", new { userId }, tx,
            cancellationToken: ct));

    public Task RenameAsync(DbConnection db, DbTransaction tx, long userId, string name, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition("UPDATE users SET name = @name WHERE user_id = @userId",
            new { name, userId }, tx, cancellationToken: ct));

    public async Task<UserAccount?> FindAsync(DbConnection db, DbTransaction tx, string email, CancellationToken ct) =>
        await ReadOneAsync(db, tx, "email = @key", EmailAddress.Normalize(email), ct);

    async Task InsertRolesAsync(DbConnection db, DbTransaction tx, long userId, IReadOnlyList<string> roles,
        CancellationToken ct)
    {
        foreach (var role in roles)
            await db.ExecuteAsync(new CommandDefinition(
                "INSERT INTO user_roles (user_id, role) VALUES (@userId, @role)", new { userId, role }, tx,
                cancellationToken: ct));
    }

    static async Task<UserAccount?> ReadOneAsync(DbConnection db, DbTransaction? tx, string where, object key,
        CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{SelectUsers} WHERE {where}", new { key }, tx, cancellationToken: ct));
        if (row is null) return null;
        var roles = await db.QueryAsync<string>(new CommandDefinition(
            "SELECT role FROM user_roles WHERE user_id = @UserId", new { row.UserId }, tx, cancellationToken: ct));
        return row.ToAccount(roles);
    }

    string Now() => Clock.UtcStamp(clock.GetUtcNow());

    static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    const string SelectUsers = """
        SELECT user_id AS UserId, email AS Email, name AS Name, password_hash AS PasswordHash,
               must_change_password AS MustChangePassword, failed_attempts AS FailedAttempts,
               lockout_end AS LockoutEnd, security_stamp AS SecurityStamp, source AS Source,
               created_at AS CreatedAt, last_sign_in AS LastSignIn
        FROM users
        """;

    sealed class Row
    {
        public long UserId { get; set; }
        public string Email { get; set; } = "";
        public string Name { get; set; } = "";
        public string? PasswordHash { get; set; }
        public long MustChangePassword { get; set; }
        public long FailedAttempts { get; set; }
        public string? LockoutEnd { get; set; }
        public string SecurityStamp { get; set; } = "";
        public string Source { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? LastSignIn { get; set; }

        public UserAccount ToAccount(IEnumerable<string> roles) => new(
            UserId, Email, Name, Roles.All.Select(r => r.Name).Where(roles.Contains).ToList(), PasswordHash,
            MustChangePassword != 0, (int)FailedAttempts, Stamps.ParseOrNull(LockoutEnd), SecurityStamp, Source,
            Stamps.Parse(CreatedAt), Stamps.ParseOrNull(LastSignIn));
    }
}

/// <summary>An account about to be added: email already normalized, roles already checked.</summary>
public sealed record NewUser(string Email, string Name, IReadOnlyList<string> Roles, string? PasswordHash,
    bool MustChangePassword, string Source);
