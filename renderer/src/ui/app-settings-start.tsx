import { useId } from 'react';
import type { AppSettings, AppSettingsView } from '../../../main/ipc-channels';
import { LockIcon, LockNote } from './policy-locks';

/** "Open Parley when I sign in…" and "Start minimised…", or why neither is offered. */
export function StartSettings(props: {
  view: AppSettingsView;
  draft: AppSettings;
  onChange: (next: AppSettings) => void;
}) {
  const { view, draft, onChange } = props;
  const lockId = useId();
  const hiddenHint = useId();
  const locked = view.policy.locks.startAtLogin;
  if (!view.loginItemSupported)
    return (
      <fieldset className="app-settings-group">
        <legend>Starting Parley</legend>
        <p className="muted">
          Your system offers Parley no way to open by itself when you sign in, so this cannot be set
          here.
        </p>
      </fieldset>
    );
  return (
    <fieldset className="app-settings-group">
      <legend>Starting Parley</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.startAtLogin}
          disabled={locked}
          aria-describedby={locked ? lockId : undefined}
          onChange={(event) => onChange({ ...draft, startAtLogin: event.target.checked })}
        />
        Open Parley when I sign in to my computer
        {locked && <LockIcon />}
      </label>
      {locked && <LockNote id={lockId} />}
      <label className="checkbox app-settings-nested">
        <input
          type="checkbox"
          checked={draft.startHidden}
          disabled={!draft.startAtLogin}
          aria-describedby={hiddenHint}
          onChange={(event) => onChange({ ...draft, startHidden: event.target.checked })}
        />
        Start minimised to the tray
      </label>
      <p id={hiddenHint} className="muted small app-settings-nested">
        When Parley opens at sign-in, it waits in the tray (choose Show Parley there); hosting
        starts as usual.
      </p>
    </fieldset>
  );
}
