import { useEffect, useRef, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { AppSettings, AppSettingsView, PolicyState } from '../../../main/ipc-channels';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { ErrorLine } from './admin-dialog';
import { SpellSettings } from './app-settings-spelling';
import { StartSettings } from './app-settings-start';
import { Modal } from './modal';
import { LockIcon } from './policy-locks';
import './app-settings.css';

/**
 * The desktop app's Settings dialog: starting at sign-in, spell-check and its languages, and
 * what the organisation's policy says of updates. Each change is sent to main at once (as in
 * the system's own settings, there is no Save); the controls follow what main answers, so a
 * refused change goes back and says why.
 */
export function AppSettingsDialog(props: { bridge: DesktopApi; onClose: () => void }) {
  const { bridge } = props;
  const [view, setView] = useState<AppSettingsView>();
  // What the controls show: the last change asked for, until main answers.
  const [draft, setDraft] = useState<AppSettings>();
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  const latest = useRef(0);
  // Main's latest answer, whichever change it answered: what a refusal goes back to.
  const viewRef = useRef<AppSettingsView | undefined>(undefined);

  const answered = (answer: AppSettingsView) => {
    viewRef.current = answer;
    setView(answer);
  };

  useEffect(() => {
    bridge.getAppSettings().then(
      (answer) => {
        viewRef.current = answer;
        setView(answer);
        setDraft(answer.settings);
      },
      (failure: unknown) => setError(bridgeErrorMessage(failure)),
    );
  }, [bridge]);

  const change = (next: AppSettings) => {
    const asked = ++latest.current;
    setDraft(next);
    setError(undefined);
    setStatus('');
    bridge.setAppSettings(next).then(
      (answer) => {
        // Main's answer is the truth, whichever change it answers; but the controls keep showing
        // a newer change asked for until that one is answered.
        answered(answer);
        if (asked !== latest.current) return;
        setDraft(answer.settings);
        setStatus('Saved.');
      },
      (failure: unknown) => {
        if (asked !== latest.current) return;
        setDraft(viewRef.current?.settings);
        setError(bridgeErrorMessage(failure));
      },
    );
  };

  // Opened once main has answered (at once: it is local), so that the dialog's focus lands on
  // its first setting rather than on Close.
  if (!view && !error) return null;
  return (
    <Modal title="Settings" onClose={props.onClose}>
      <ErrorLine error={error} />
      {view && draft && (
        <>
          <StartSettings view={view} draft={draft} onChange={change} />
          <SpellSettings view={view} draft={draft} onChange={change} onRefused={setError} />
          <UpdatesLine policy={view.policy} />
        </>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <div className="modal-buttons">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** Updates as the policy sets them: a lock when the organisation decides. */
function UpdatesLine(props: { policy: PolicyState }) {
  const { updateChannel, locks } = props.policy;
  if (!locks.updates && updateChannel !== 'off')
    return <p className="app-settings-group">Updates: the default channel.</p>;
  return (
    <p className="app-settings-group policy-lock">
      <LockIcon />{' '}
      {updateChannel === 'off'
        ? 'Updates are turned off by your organisation.'
        : 'Updates: the default channel, set by your organisation.'}
    </p>
  );
}

/** A cog for the rail's Settings button, drawn (an emoji font may lack ⚙). Decorative. */
export function SettingsIcon() {
  return (
    <svg
      viewBox="0 0 20 20"
      width="1.25em"
      height="1.25em"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
    >
      <circle cx="10" cy="10" r="3" />
      <path d="M10 1.8v2.6M10 15.6v2.6M1.8 10h2.6M15.6 10h2.6M4.2 4.2l1.8 1.8M14 14l1.8 1.8M4.2 15.8 6 14M14 6l1.8-1.8" />
    </svg>
  );
}
