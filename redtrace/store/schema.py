"""Tables of the embedded store. Every load writes a new version; nothing is overwritten."""

DDL = (
    """CREATE TABLE IF NOT EXISTS versions (
        dataset VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        sha256 VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        files VARCHAR NOT NULL,
        published VARCHAR,
        loaded_at TIMESTAMP NOT NULL,
        rows_read INTEGER NOT NULL,
        entities INTEGER NOT NULL,
        rows_merged INTEGER NOT NULL,
        rows_rejected INTEGER NOT NULL,
        rejects VARCHAR NOT NULL,
        PRIMARY KEY (dataset, version))""",
    """CREATE TABLE IF NOT EXISTS entities (
        dataset VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        id VARCHAR NOT NULL,
        schema VARCHAR NOT NULL,
        caption VARCHAR,
        digest VARCHAR NOT NULL,
        record VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS refs (
        dataset VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        id VARCHAR NOT NULL,
        ref_dataset VARCHAR NOT NULL,
        ref VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS parties (
        id VARCHAR PRIMARY KEY,
        record VARCHAR NOT NULL,
        updated_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS rescreens (
        dataset VARCHAR NOT NULL,
        from_version INTEGER,
        to_version INTEGER NOT NULL,
        run_at TIMESTAMP NOT NULL,
        parties INTEGER NOT NULL,
        changed_entries INTEGER NOT NULL,
        alerts INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS api_keys (
        name VARCHAR PRIMARY KEY,
        role VARCHAR NOT NULL,
        key_hash VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        revoked_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS order_facts (
        buyer VARCHAR NOT NULL,
        buyer_name VARCHAR,
        kind VARCHAR NOT NULL,
        value VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS order_decisions (
        order_id VARCHAR NOT NULL,
        order_date VARCHAR NOT NULL,
        checked_at TIMESTAMP NOT NULL,
        decision VARCHAR NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        status VARCHAR NOT NULL,
        result VARCHAR NOT NULL,
        order_json VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS order_releases (
        order_id VARCHAR NOT NULL,
        released_by VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        released_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS judgements (
        seq INTEGER NOT NULL,
        left_key VARCHAR NOT NULL,
        right_key VARCHAR NOT NULL,
        judgement VARCHAR NOT NULL,
        judged_by VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        judged_at TIMESTAMP NOT NULL,
        undone_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS documents (
        sha256 VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        title VARCHAR,
        languages VARCHAR NOT NULL,
        ingested_at TIMESTAMP NOT NULL,
        facts INTEGER NOT NULL,
        record VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS document_facts (
        sha256 VARCHAR NOT NULL,
        fact_id VARCHAR NOT NULL,
        schema VARCHAR NOT NULL,
        record VARCHAR NOT NULL)""",
    "ALTER TABLE versions ADD COLUMN IF NOT EXISTS reader VARCHAR",
    """CREATE TABLE IF NOT EXISTS current (
        dataset VARCHAR PRIMARY KEY,
        version INTEGER NOT NULL)""",
)

ALERTS = (
    """CREATE TABLE IF NOT EXISTS screening_alerts (
        party_id VARCHAR NOT NULL,
        dataset VARCHAR NOT NULL,
        from_version INTEGER,
        to_version INTEGER NOT NULL,
        raised_at TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL,
        result VARCHAR NOT NULL)""",
)
# The watch index of reverse delta screening, and screening alerts a person decided.
WATCH = (
    """CREATE TABLE IF NOT EXISTS watch_keys (
        party_id VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        name_no INTEGER NOT NULL,
        pos INTEGER NOT NULL,
        weight DOUBLE PRECISION NOT NULL,
        total DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS watch_meta (
        name VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS alert_decisions (
        party_id VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        party_digest VARCHAR NOT NULL,
        entity_digest VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        decided_by VARCHAR NOT NULL,
        decided_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS list_fetches (
        dataset VARCHAR NOT NULL,
        fetched_at TIMESTAMP NOT NULL,
        outcome VARCHAR NOT NULL,
        version INTEGER,
        detail VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS webhook_deliveries (
        alert_key VARCHAR PRIMARY KEY,
        url VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        attempts INTEGER NOT NULL,
        last_error VARCHAR,
        next_at TIMESTAMP NOT NULL,
        delivered_at TIMESTAMP)""",
)
WATCH_INDEXES = (
    "CREATE INDEX IF NOT EXISTS watch_keys_key ON watch_keys (key)",
    "CREATE INDEX IF NOT EXISTS watch_keys_party ON watch_keys (party_id)",
    "CREATE INDEX IF NOT EXISTS alert_decisions_pair ON alert_decisions (party_id, entity_id)",
)
# Sequences that number rows (name -> the table and column they number).
SEQUENCES = {"judgement_seq": ("judgements", "seq")}
# Indexes a server store needs for its reads (the embedded store scans fast enough).
INDEXES = (
    "CREATE INDEX IF NOT EXISTS entities_version ON entities (dataset, version, id)",
    "CREATE INDEX IF NOT EXISTS entities_id ON entities (id)",
    "CREATE INDEX IF NOT EXISTS refs_ref ON refs (ref)",
    "CREATE INDEX IF NOT EXISTS refs_entity ON refs (dataset, version, id)",
    "CREATE INDEX IF NOT EXISTS decisions_order ON order_decisions (order_id)",
    "CREATE INDEX IF NOT EXISTS releases_order ON order_releases (order_id)",
    "CREATE INDEX IF NOT EXISTS facts_sha ON document_facts (sha256)",
)

# The audit log (redtrace.audit): records numbered by a sequence, each with its Merkle leaf
# hash; a purged record keeps its hash and loses its body. Signed checkpoints of the tree.
AUDIT = (
    """CREATE TABLE IF NOT EXISTS audit_records (
        seq BIGINT PRIMARY KEY,
        recorded_at TIMESTAMP NOT NULL,
        user_name VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        dataset VARCHAR,
        subject VARCHAR,
        body VARCHAR,
        leaf_hash VARCHAR NOT NULL,
        purged_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS audit_checkpoints (
        tree_size BIGINT NOT NULL,
        root VARCHAR NOT NULL,
        signed_at VARCHAR NOT NULL,
        key_id VARCHAR NOT NULL,
        signature VARCHAR NOT NULL)""",
    "CREATE SEQUENCE IF NOT EXISTS audit_seq START 1",
)
AUDIT_INDEXES = (
    "CREATE INDEX IF NOT EXISTS audit_subject ON audit_records (subject)",
    "CREATE INDEX IF NOT EXISTS audit_action ON audit_records (action, recorded_at)",
)
# Customers a compliance officer has approved after KYC: weak red flags on their orders for
# the approved goods weigh less; list matches, embargoes and licences never do.
APPROVED_CUSTOMERS = (
    """CREATE TABLE IF NOT EXISTS approved_customers (
        customer VARCHAR NOT NULL,
        name VARCHAR,
        goods VARCHAR NOT NULL,
        kyc_date VARCHAR NOT NULL,
        approved_by VARCHAR NOT NULL,
        note VARCHAR,
        approved_at TIMESTAMP NOT NULL,
        revoked_at TIMESTAMP)""",
)
