-- Server-only: password verifiers (argon2id, PHC string). Never sent to a desktop.
CREATE TABLE credentials (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    updated_at    DATETIME NOT NULL
);
