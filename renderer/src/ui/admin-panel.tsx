import { useState } from 'react';
import type { User } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { AdminAudit } from './admin-audit';
import { AdminDialog } from './admin-dialog';
import { AdminInvites } from './admin-invites';
import { AdminServer } from './admin-server';
import { Tabs } from './admin-tabs';
import { AdminUsers } from './admin-users';
import './admin.css';

type Tab = 'users' | 'invites' | 'server' | 'audit';
const TABS: ReadonlyArray<readonly [Tab, string]> = [
  ['users', 'Users'],
  ['invites', 'Invites'],
  ['server', 'Server'],
  ['audit', 'Audit log'],
];

/**
 * The server's admin panel, for admins and the owner: users, invite codes, settings and the
 * audit log, one tab each. It only shows what the server allows; the server checks each request.
 */
export function AdminPanel(props: { api: AdminApi; me: User; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>('users');
  return (
    <AdminDialog title="Server admin" wide onClose={props.onClose}>
      <Tabs label="Server admin" tabs={TABS} selected={tab} onSelect={setTab} idPrefix="admin">
        {tab === 'users' && <AdminUsers api={props.api} me={props.me} />}
        {tab === 'invites' && <AdminInvites api={props.api} />}
        {tab === 'server' && <AdminServer api={props.api} me={props.me} />}
        {tab === 'audit' && <AdminAudit api={props.api} />}
      </Tabs>
      {/* Last in the tab order (the tabs come first), shown at the top right. */}
      <button
        type="button"
        className="admin-close"
        aria-label="Close server admin"
        onClick={props.onClose}
      >
        ✕
      </button>
    </AdminDialog>
  );
}
