namespace Impact.Warehouse.Accounts.Audit;

/// <summary>
/// What an audit entry records. Other features add theirs (a download, a schedule change) by
/// writing their own constant here, so the audit page and its export list every kind in one place.
/// </summary>
public static class AuditActions
{
    public const string SignedIn = "signed_in";
    public const string SignInFailed = "sign_in_failed";
    public const string LockedOut = "locked_out";
    public const string SignInRefused = "sign_in_refused";
    public const string SignedOut = "signed_out";
    public const string PasswordChanged = "password_changed";
    public const string UserAdded = "user_added";
    public const string UserRemoved = "user_removed";
    public const string RolesChanged = "roles_changed";
    public const string PasswordReset = "password_reset";
    public const string Unlocked = "unlocked";
    public const string ExportDownloaded = "export_downloaded";
    public const string ScheduleChanged = "schedule_changed";
}
