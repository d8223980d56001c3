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
    """CREATE TABLE IF NOT EXISTS current (
        dataset VARCHAR PRIMARY KEY,
        version INTEGER NOT NULL)""",
)
