import { useEffect, useState, type FormEvent } from 'react';
import type { RegistrationPolicy, ServerSettings } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { ErrorLine } from './admin-dialog';
import { RadioGroup } from './radio-group';

const POLICIES: ReadonlyArray<readonly [RegistrationPolicy, string]> = [
  ['open', 'Open: anyone who can reach the server'],
  ['invite', 'Invite: people with an invite code'],
  ['closed', 'Closed: existing accounts only'],
];
const DELETED: ReadonlyArray<readonly [ServerSettings['deletedUserMessages'], string]> = [
  ['keep', 'Keep them, shown as “Deleted user”'],
  ['delete', 'Delete them'],
];

/**
 * The Server tab: the server's name, who may create an account, and what becomes of a deleted
 * account's messages. Saved at once for everyone: other clients get `server:updated`.
 */
export function AdminServer(props: { api: AdminApi }) {
  const { api } = props;
  const [settings, setSettings] = useState<ServerSettings>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.settings().then((answer) => {
      if (answer.ok) setSettings(answer.settings);
      else setError(answer.error.message);
    });
  }, [api]);
  if (!settings) return <ErrorLine error={error} />;

  const set = <K extends keyof ServerSettings>(key: K, value: ServerSettings[K]) => {
    setSettings({ ...settings, [key]: value });
    setSaved('');
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const name = settings.name.trim();
    if (!name) return setError('The server needs a name.');
    setBusy(true);
    setError(undefined);
    const answer = await api.updateSettings({ ...settings, name });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setSettings(answer.settings);
    setSaved('Saved.');
  };
  return (
    <form className="admin-server" onSubmit={(event) => void save(event)} noValidate>
      <label htmlFor="admin-server-name">Server name</label>
      <input
        id="admin-server-name"
        value={settings.name}
        maxLength={64}
        onChange={(event) => set('name', event.target.value)}
      />
      <RadioGroup
        className="kind-choice"
        legend="Who can create an account"
        name="admin-registration"
        value={settings.registration}
        options={POLICIES}
        onChange={(value) => set('registration', value)}
      />
      <RadioGroup
        className="kind-choice"
        legend="When someone deletes their account, their messages"
        name="admin-deleted-messages"
        value={settings.deletedUserMessages}
        options={DELETED}
        onChange={(value) => set('deletedUserMessages', value)}
      />
      <ErrorLine error={error} />
      <div className="modal-buttons">
        <span className="admin-saved" role="status">
          {saved}
        </span>
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
