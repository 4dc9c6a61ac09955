-- jwtauth schema for MariaDB and MySQL (InnoDB, utf8mb4). Timestamps are UTC.
-- Indexes are declared inline because MySQL has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS jwtauth_users (
    user_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    username       VARCHAR(255) NOT NULL,
    display_name   VARCHAR(255),
    password_hash  VARCHAR(512) NOT NULL,
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     DATETIME(6)  NOT NULL,
    UNIQUE KEY jwtauth_users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS jwtauth_user_roles (
    user_id   VARCHAR(64)  NOT NULL,
    role_name VARCHAR(128) NOT NULL,
    PRIMARY KEY (user_id, role_name),
    CONSTRAINT jwtauth_user_roles_user FOREIGN KEY (user_id) REFERENCES jwtauth_users (user_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS jwtauth_sessions (
    session_id        VARCHAR(64)   NOT NULL PRIMARY KEY,
    user_id           VARCHAR(255)  NOT NULL,
    renewal_hash      VARCHAR(64)   NOT NULL,
    superseded_hashes VARCHAR(1024) NOT NULL DEFAULT '',
    superseded_at     DATETIME(6),
    generation        BIGINT        NOT NULL,
    access_token_id   VARCHAR(64)   NOT NULL,
    credential_digest VARCHAR(64)   NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    renewed_at        DATETIME(6),
    renewal_deadline  DATETIME(6)   NOT NULL,
    revoked_at        DATETIME(6),
    client_address    VARCHAR(64),
    user_agent        VARCHAR(256),
    -- A user's live sessions, newest first (the session cap at login), however many revoked ones the user has.
    KEY jwtauth_sessions_user_live (user_id, revoked_at, created_at),
    KEY jwtauth_sessions_deadline (renewal_deadline),
    KEY jwtauth_sessions_revoked (revoked_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- The revocation feed: one row per renewal or revocation, written in the same transaction, keyed by the
-- database (an auto-increment that only grows). Nodes page through it by key; no clock is compared.
CREATE TABLE IF NOT EXISTS jwtauth_session_changes (
    change_id  BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    session_id VARCHAR(64)  NOT NULL,
    changed_at DATETIME(6)  NOT NULL,
    KEY jwtauth_session_changes_at (changed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- Failed-login counts shared by every node: one row per throttled key (a digest, never a name or an address).
-- Windows are judged on the database's clock. Rows older than a day are purged.
CREATE TABLE IF NOT EXISTS jwtauth_login_failures (
    failure_key  CHAR(32)     NOT NULL PRIMARY KEY,
    window_start DATETIME(6) NOT NULL,
    failures     INTEGER      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
