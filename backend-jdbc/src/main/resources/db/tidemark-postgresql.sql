-- Tidemark PostgreSQL backend (tidemark-backend-jdbc): the two tables, with their default names.
-- The backend runs these statements itself at open (create_tables: true, the default), with the configured
-- schema and table names in place of watermark / nameservice. Apply them by hand with create_tables: false.

-- WatermarkStore: one row per key (chain id, public key hash, request kind).
CREATE TABLE IF NOT EXISTS watermark (
    chain_id text    NOT NULL,
    pkh      text    NOT NULL,
    kind     text    NOT NULL,
    level    bigint  NOT NULL CHECK (level >= 0),
    round    integer NOT NULL CHECK (round >= 0),
    digest   text    NOT NULL,
    PRIMARY KEY (chain_id, pkh, kind)
);

-- Publisher (nameservice): one row per ledger alias, the fields of the DynamoDB item.
CREATE TABLE IF NOT EXISTS nameservice (
    ledger_alias            text   PRIMARY KEY,
    ledger_name             text   NOT NULL,
    branch                  text   NOT NULL,
    commit_address          text,
    commit_t                bigint CHECK (commit_t >= 0),
    index_address           text,
    index_t                 bigint CHECK (index_t >= 0),
    default_context_address text,
    status                  text   NOT NULL DEFAULT 'ready',
    updated_at              bigint NOT NULL DEFAULT 0,
    status_v                bigint NOT NULL DEFAULT 1,
    status_meta             json   NOT NULL DEFAULT '{}',
    config_v                bigint NOT NULL DEFAULT 0,
    config_meta             json   NOT NULL DEFAULT '{}',
    tidemark_req            text,
    CHECK ((commit_address IS NULL) = (commit_t IS NULL)),
    CHECK ((index_address IS NULL) = (index_t IS NULL))
);
