-- jwtauth schema for PostgreSQL. Timestamps are UTC.
CREATE TABLE IF NOT EXISTS jwtauth_users (
    user_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    username       VARCHAR(255) NOT NULL UNIQUE,
    display_name   VARCHAR(255),
    password_hash  VARCHAR(512) NOT NULL,
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP(6) NOT NULL
);
CREATE TABLE IF NOT EXISTS jwtauth_user_roles (
    user_id   VARCHAR(64)  NOT NULL,
    role_name VARCHAR(128) NOT NULL,
    PRIMARY KEY (user_id, role_name),
    FOREIGN KEY (user_id) REFERENCES jwtauth_users (user_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS jwtauth_sessions (
    session_id        VARCHAR(64)   NOT NULL PRIMARY KEY,
    user_id           VARCHAR(255)  NOT NULL,
    renewal_hash      VARCHAR(64)   NOT NULL,
    superseded_hashes VARCHAR(1024) NOT NULL DEFAULT '',
    superseded_at     TIMESTAMP(6),
    generation        BIGINT        NOT NULL,
    access_token_id   VARCHAR(64)   NOT NULL,
    credential_digest VARCHAR(64)   NOT NULL,
    created_at        TIMESTAMP(6)  NOT NULL,
    renewed_at        TIMESTAMP(6),
    renewal_deadline  TIMESTAMP(6)  NOT NULL,
    revoked_at        TIMESTAMP(6),
    changed_at        TIMESTAMP(6),
    client_address    VARCHAR(64),
    user_agent        VARCHAR(256)
);
CREATE INDEX IF NOT EXISTS jwtauth_sessions_user ON jwtauth_sessions (user_id);
CREATE INDEX IF NOT EXISTS jwtauth_sessions_deadline ON jwtauth_sessions (renewal_deadline);
CREATE INDEX IF NOT EXISTS jwtauth_sessions_changed ON jwtauth_sessions (changed_at);
