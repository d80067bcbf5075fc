import type { ConnectionStatus } from '../lib/chat-state';
import { useCountdown } from './use-chat';

/** Says when the socket is not connected, with a countdown to the next attempt. */
export function ConnectionBanner(props: { status: ConnectionStatus; onReconnect: () => void }) {
  const { status } = props;
  const seconds = useCountdown(status.kind === 'reconnecting' ? status.retryAt : undefined);
  if (status.kind === 'connected') return null;
  let text: string;
  if (status.kind === 'connecting') text = 'Connecting…';
  else if (status.kind === 'offline')
    text = 'You are offline. Parley will reconnect when the network is back.';
  else if (status.reason) text = `${status.reason} Trying again in ${seconds} s…`;
  else text = `Connection lost. Reconnecting in ${seconds} s…`;
  return (
    <div className={`banner banner-${status.kind}`} role="status">
      <span>{text}</span>
      {status.kind === 'reconnecting' && (
        <button type="button" onClick={props.onReconnect}>
          Reconnect now
        </button>
      )}
    </div>
  );
}
