-- Payments of fees (phí, lệ phí): each attempt to pay a dossier's fee, by VietQR bank transfer or
-- through the payment gateway, and the links that let an applicant pay without signing in.

CREATE TABLE payments (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id       INTEGER NOT NULL REFERENCES dossiers(id),
    reference        TEXT NOT NULL UNIQUE,           -- transfer content / vnp_TxnRef
    method           TEXT NOT NULL CHECK (method IN ('vietqr', 'gateway')),
    amount           INTEGER NOT NULL CHECK (amount > 0),
    state            TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'failed')),
    payer_name       TEXT NOT NULL DEFAULT '',
    gateway_txn_no   TEXT NOT NULL DEFAULT '',       -- vnp_TransactionNo, or the bank's transaction for a transfer
    bank_code        TEXT NOT NULL DEFAULT '',
    response_code    TEXT NOT NULL DEFAULT '',
    raw_notification TEXT NOT NULL DEFAULT '',       -- the gateway's signed message as received
    confirmed_by_id  INTEGER REFERENCES users(id),   -- the official who confirmed a transfer
    confirmed_by     TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    paid_at          TEXT,
    updated_at       TEXT NOT NULL
);
CREATE INDEX payments_dossier ON payments(dossier_id, id);

-- payment_links holds the hash of the one link token of a dossier (a new link replaces the old).
CREATE TABLE payment_links (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
