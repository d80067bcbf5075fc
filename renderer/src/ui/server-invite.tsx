import { useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { ServerInfo } from '../../../server/protocol';
import type { Session } from '../lib/session';
import { bridgeErrorMessage } from '../lib/bridge-error';
import { Modal } from './modal';
import { useDomId } from './dom-ids';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * The owner's invite: a parley:// link and its text form, carrying the server's address, its
 * certificate fingerprint and (when registration is by invite) a fresh single-use code.
 */
export function ServerInviteDialog(props: {
  bridge: DesktopApi;
  session: Session;
  info: ServerInfo;
  onClose: () => void;
}) {
  const { bridge, session, info } = props;
  const [invite, setInvite] = useState<{ link: string; text: string }>();
  const [error, setError] = useState<string>();
  const textId = useDomId('invite-text-out');
  useEffect(() => {
    void (async () => {
      try {
        const { code, expiresAt } =
          info.registration === 'invite'
            ? await session.api.createInvite(session.accessToken)
            : { code: undefined, expiresAt: Date.now() + WEEK_MS };
        const serverUrl = session.api.serverUrl;
        setInvite(await bridge.makeInvite({ serverUrl, code, expiresAt }));
      } catch (failure) {
        setError(bridgeErrorMessage(failure));
      }
    })();
  }, [bridge, session, info.registration]);

  return (
    <Modal title="Invite people" onClose={props.onClose}>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!invite && !error && <p aria-busy="true">Making an invite…</p>}
      {invite && (
        <>
          <p>
            Send this to the person you invite. It opens Parley, pins this server's certificate
            {info.registration === 'invite'
              ? ' and fills in a code that works for one account'
              : ''}
            . It expires in 7 days.
          </p>
          <label htmlFor={textId}>Invite (link and text)</label>
          <textarea
            id={textId}
            readOnly
            rows={8}
            value={invite.text}
            onFocus={(event) => event.target.select()}
          />
        </>
      )}
      <div className="modal-buttons">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
