import { useRef, useState, type KeyboardEvent } from 'react';
import type { ChatClient } from '../lib/chat-client';
import { AccountSecurity } from './account-security';
import { Modal } from './modal';
import { ProfileForm } from './profile-settings-form';
import { useDomId } from './dom-ids';

const TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'security', label: 'Security' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * "Profile & account": the Profile tab (name, status, picture) and the Security tab (password,
 * sessions, deleting the account). ARIA tabs: arrow keys, Home and End move between them.
 */
export function ProfileSettingsDialog(props: {
  client: ChatClient;
  onClose: () => void;
  /** The account is gone: the app goes back to the sign-in screen. */
  onAccountDeleted: () => void;
}) {
  const [tab, setTab] = useState<Tab>('profile');
  const buttons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const id = useDomId('settings');

  const onKeyDown = (event: KeyboardEvent) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + TABS.length) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : -1;
    const next = TABS[to];
    if (!next) return;
    event.preventDefault();
    setTab(next.id);
    buttons.current[next.id]?.focus();
  };

  return (
    <Modal title="Profile & account" onClose={props.onClose}>
      <div className="account-settings">
        <div className="tabs" role="tablist" aria-label="Settings" onKeyDown={onKeyDown}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                buttons.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={tab === t.id ? `${id}-panel-${t.id}` : undefined}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div
          className="tab-panel"
          role="tabpanel"
          id={`${id}-panel-${tab}`}
          aria-labelledby={`${id}-tab-${tab}`}
        >
          {tab === 'profile' ? (
            <ProfileForm client={props.client} />
          ) : (
            <AccountSecurity client={props.client} onAccountDeleted={props.onAccountDeleted} />
          )}
        </div>
        <div className="modal-buttons">
          <button type="button" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
