import { useEffect, useState, type FormEvent } from 'react';
import type { RegistrationPolicy, ServerSettings, User } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { ErrorLine } from './admin-dialog';
import { RadioGroup } from './radio-group';
import { useDomId } from './dom-ids';

const POLICIES: ReadonlyArray<readonly [RegistrationPolicy, string]> = [
  ['open', 'Open: anyone who can reach the server'],
  ['invite', 'Invite: people with an invite code'],
  ['closed', 'Closed: existing accounts only'],
];
const DELETED: ReadonlyArray<readonly [ServerSettings['deletedUserMessages'], string]> = [
  ['keep', 'Keep them, shown as “Deleted user”'],
  ['delete', 'Delete them'],
];

/** The settings the server holds, and the form's: Save sends only where they differ. */
interface Form {
  held: ServerSettings;
  shown: ServerSettings;
}

/** The fields the person changed; the name trimmed. */
function changes({ held, shown }: Form): Partial<ServerSettings> {
  const patch: Partial<ServerSettings> = {};
  if (shown.name.trim() !== held.name) patch.name = shown.name.trim();
  if (shown.registration !== held.registration) patch.registration = shown.registration;
  if (shown.deletedUserMessages !== held.deletedUserMessages)
    patch.deletedUserMessages = shown.deletedUserMessages;
  return patch;
}

/**
 * The Server tab: the server's name, who may create an account, and (the owner alone) what
 * becomes of a deleted account's messages. Saved at once for everyone: other clients get
 * `server:updated`, which this tab follows too, in each field the person has not changed.
 * Only the changed fields are sent, so an admin's save never touches the owner-only setting
 * and never puts back what another admin changed meanwhile.
 */
export function AdminServer(props: { api: AdminApi; me: User }) {
  const { api } = props;
  const owner = props.me.role === 'owner';
  const [form, setForm] = useState<Form>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const nameId = useDomId('admin-server-name');
  useEffect(() => {
    void api.settings().then((answer) => {
      if (answer.ok) setForm({ held: answer.settings, shown: answer.settings });
      else setError(answer.error.message);
    });
  }, [api]);
  useEffect(
    () =>
      api.listen((event) => {
        if (event.kind !== 'server') return;
        const { name, registration } = event;
        setForm((now) => {
          if (!now) return now;
          const { held, shown } = now;
          return {
            held: { ...held, name, registration },
            shown: {
              ...shown,
              name: shown.name === held.name ? name : shown.name,
              registration:
                shown.registration === held.registration ? registration : shown.registration,
            },
          };
        });
      }),
    [api],
  );
  if (!form) return <ErrorLine error={error} />;
  const settings = form.shown;

  const set = <K extends keyof ServerSettings>(key: K, value: ServerSettings[K]) => {
    setForm({ ...form, shown: { ...settings, [key]: value } });
    setSaved('');
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!settings.name.trim()) return setError('The server needs a name.');
    const patch = changes(form);
    setError(undefined);
    if (Object.keys(patch).length === 0) return setSaved('Nothing to save.');
    setBusy(true);
    const answer = await api.updateSettings(patch);
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setForm({ held: answer.settings, shown: answer.settings });
    setSaved('Saved.');
  };
  const kept = DELETED.find(([value]) => value === settings.deletedUserMessages)?.[1];
  return (
    <form className="admin-server" onSubmit={(event) => void save(event)} noValidate>
      <label htmlFor={nameId}>Server name</label>
      <input
        id={nameId}
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
      {owner ? (
        <RadioGroup
          className="kind-choice"
          legend="When someone deletes their account, their messages"
          name="admin-deleted-messages"
          value={settings.deletedUserMessages}
          options={DELETED}
          onChange={(value) => set('deletedUserMessages', value)}
        />
      ) : (
        <p className="small admin-deleted-policy">
          When someone deletes their account, their messages: {kept} (only the owner can change
          this).
        </p>
      )}
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
