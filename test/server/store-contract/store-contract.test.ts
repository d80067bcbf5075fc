import { describe } from 'vitest';
import { accountContract } from './account-contract.js';
import { postgresKind, sqliteKind } from './harness.js';
import { sessionContract } from './session-contract.js';
import { profileContract } from './profile-contract.js';
import { roomContract } from './room-contract.js';
import { securityContract } from './security-contract.js';
import { adminContract } from './admin-contract.js';
import { invitationContract } from './invitation-contract.js';
import { messageContract } from './message-contract.js';
import { searchContract } from './search-contract.js';
import { fileContract } from './file-contract.js';
import { roomAdminContract } from './room-admin-contract.js';
import { accountDeletionContract } from './account-deletion-contract.js';
import { publicJoinContract } from './public-join-contract.js';

// One contract, every store: what a store guarantees is decided here once, not per engine.
for (const kind of [sqliteKind, postgresKind()]) {
  describe(`${kind.name} store`, () => {
    accountContract(kind);
    sessionContract(kind);
    profileContract(kind);
    roomContract(kind);
    securityContract(kind);
    adminContract(kind);
    invitationContract(kind);
    messageContract(kind);
    searchContract(kind);
    fileContract(kind);
    roomAdminContract(kind);
    accountDeletionContract(kind);
    publicJoinContract(kind);
  });
}
