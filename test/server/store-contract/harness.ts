import { afterAll, beforeAll } from 'vitest';
import { afterEachTest } from '../../each-test.js';
import type {
  AccountStore,
  ChatStore,
  InvitationStore,
  MessageStore,
  RoomStore,
  SessionStore,
} from '../../../server/storage/store.js';
import type { ProfileStore } from '../../../server/storage/profile-store.js';
import type { SecurityStore } from '../../../server/storage/security-store.js';
import type { FileRecordStore } from '../../../server/storage/file-records.js';
import type { RoomAdminStore } from '../../../server/storage/room-admin-store.js';
import type { AdminStore } from '../../../server/storage/admin-store.js';
import type { SearchStore } from '../../../server/storage/search-store.js';
import { openSqliteStore } from '../../../server/storage/sqlite/sqlite-store.js';
import { openPostgresStore } from '../../../server/storage/postgres/pg-store.js';
import { startPostgres, type PostgresService } from '../../services/postgres.js';
import { tempDir } from '../helpers.js';
import { postgresSeeds, sqliteSeeds, type Seeds } from './seeds.js';

/** What the contract suites exercise: the part of ChatStore that every store implements. */
export type ContractStore = Pick<ChatStore, 'serverId' | 'close'> &
  AccountStore &
  SessionStore &
  ProfileStore &
  RoomStore &
  InvitationStore &
  MessageStore &
  SecurityStore &
  FileRecordStore &
  RoomAdminStore &
  SearchStore &
  AdminStore;

/** A fresh, empty database, and a way to open a store on it: one per node sharing it. */
export interface Database {
  open(): Promise<ContractStore>;
  /** Writes rows of slices not every store has yet (seeds.ts). */
  seed: Seeds;
}

/** One implementation under test: a name and a way to make an empty database. */
export interface StoreKind {
  name: string;
  fresh(): Promise<Database>;
}

const opened: ContractStore[] = [];
afterEachTest(async () => {
  while (opened.length > 0) await opened.pop()?.close();
});
const tracked = async (store: Promise<ContractStore>) => {
  const made = await store;
  opened.push(made);
  return made;
};

export const sqliteKind: StoreKind = {
  name: 'SQLite',
  async fresh() {
    const dir = tempDir();
    return { open: () => tracked(Promise.resolve(openSqliteStore(dir))), seed: sqliteSeeds(dir) };
  },
};

/**
 * PostgreSQL, on a private server for the test file (started in beforeAll, stopped in afterAll),
 * a new database per `fresh()`. Without PostgreSQL installed this fails, never skips.
 */
export function postgresKind(): StoreKind {
  let service: PostgresService | undefined;
  beforeAll(async () => {
    service = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
  });
  return {
    name: 'PostgreSQL',
    async fresh() {
      if (!service) throw new Error('PostgreSQL did not start');
      const url = await service.createDatabase();
      return { open: () => tracked(openPostgresStore(url, { max: 4 })), seed: postgresSeeds(url) };
    },
  };
}

/** A user to register: the password hash is opaque to the store. */
export const newUser = (username: string) => ({
  username,
  displayName: username,
  passwordHash: 'x',
});
