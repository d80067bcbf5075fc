import type pg from 'pg';

/**
 * The tables of migration 2 (pg-schema.ts): what files and avatars need so that every node
 * serves every one. Frozen with it: a change is a new migration, never an edit here.
 */
/** Files' bytes (pg-blobs.ts), in rows of at most 256 KiB. */
export async function createBlobTables(db: pg.PoolClient): Promise<void> {
  await db.query(`
  CREATE TABLE blobs (
    sha256 text COLLATE "C" PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint NOT NULL,
    chunks integer NOT NULL,
    written_at bigint NOT NULL
  );
  CREATE TABLE blob_chunks (
    sha256 text COLLATE "C" NOT NULL REFERENCES blobs (sha256) ON DELETE CASCADE,
    seq integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (sha256, seq)
  );
  -- Names compare byte by byte ("C"), as the files folder lists them, whatever the locale.
  -- Uploads are mostly compressed already (images, archives): stored out of line, never
  -- compressed again.
  ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
  `);
}

/** Avatar images (pg-avatar-images.ts), one row each. */
export async function createAvatarTable(db: pg.PoolClient): Promise<void> {
  await db.query(`
  CREATE TABLE avatar_images (
    key text COLLATE "C" PRIMARY KEY,
    data bytea NOT NULL,
    written_at bigint NOT NULL
  );
  -- WebP is compressed already.
  ALTER TABLE avatar_images ALTER COLUMN data SET STORAGE EXTERNAL;
  `);
}
