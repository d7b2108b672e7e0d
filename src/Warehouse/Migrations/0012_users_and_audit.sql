-- Who may sign in to the dashboard, what each may see, and a record of who did what.

-- One row per person. email is stored trimmed and lower-cased, so it is the sign-in name.
-- password_hash is ASP.NET Core's PasswordHasher format (never a plain password); NULL for people
-- who sign in only through the organisation's identity provider (source 'oidc').
-- security_stamp changes whenever the account's roles or password change or it is removed, which
-- ends every cookie issued before.
CREATE TABLE users (
    user_id {identity},
    email {key} NOT NULL,
    name {name} NOT NULL,
    password_hash {text} NULL,
    must_change_password {int} NOT NULL,
    failed_attempts {int} NOT NULL,
    lockout_end {stamp} NULL,
    security_stamp {short} NOT NULL,
    source {short} NOT NULL CHECK (source IN ('local', 'oidc')),
    created_at {stamp} NOT NULL,
    last_sign_in {stamp} NULL
);
CREATE UNIQUE INDEX ux_users_email ON users (email);

-- A person may hold several roles (admin, ld_lead, data_staff, executive); the names are checked
-- by the code that writes them, so a new role needs no schema change.
CREATE TABLE user_roles (
    user_id {bigint} NOT NULL,
    role {short} NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Sign-ins, failed sign-ins, lockouts, user and role changes, downloads, schedule changes:
-- who (an email, or cli:<account> for the command line), what, about whom or what, and from where.
CREATE TABLE audit_log (
    audit_id {identity},
    occurred_at {stamp} NOT NULL,
    actor {key} NOT NULL,
    action {short} NOT NULL,
    subject {name} NULL,
    detail {text} NULL,
    origin {name} NULL
);
CREATE INDEX ix_audit_log_occurred ON audit_log (occurred_at);
