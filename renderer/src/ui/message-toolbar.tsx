import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Message } from '../../../server/protocol';
import { isAdmin } from '../lib/admin-rooms';
import { ConfirmDelete } from './confirm-delete';
import { CopyByHand } from './copy-by-hand';
import {
  DeleteIcon,
  DoneIcon,
  EditIcon,
  LinkIcon,
  ReactIcon,
  ReplyIcon,
  ThreadIcon,
  WebLinkIcon,
} from './message-icons';
import { ReactionPicker } from './reaction-picker';
import { failure, type RowActions } from './row-actions';
import { useCopyLink } from './use-copy-link';

interface Tool {
  label: string;
  icon: ReactNode;
  run: (opener: HTMLElement) => void;
}

/**
 * The actions on one message, shown while the pointer is over the row or focus is inside it
 * (never on hover alone). One tab stop, as an ARIA toolbar: Tab reaches its first (or last
 * used) button, the arrow keys, Home and End move between the buttons.
 */
export function MessageToolbar(props: {
  message: Message;
  actions: RowActions;
  onError: (error: string | undefined) => void;
  onDeleting: (deleting: boolean) => void;
}) {
  const { message, actions, onError } = props;
  const { client, me } = actions;
  const own = message.author.id === me.id;
  const [current, setCurrent] = useState(0);
  const [picker, setPicker] = useState<HTMLElement | null>(null);
  const [confirming, setConfirming] = useState(false);
  const link = useCopyLink(actions, onError);

  const tools: Tool[] = [
    { label: 'Add reaction', icon: <ReactIcon />, run: (opener) => setPicker(opener) },
    { label: 'Reply', icon: <ReplyIcon />, run: () => actions.onReply(message) },
  ];
  // Inside a thread, a reply already goes to that thread: there is no thread to start.
  if (!actions.inThread)
    tools.push({
      label: 'Reply in thread',
      icon: <ThreadIcon />,
      run: () => void client.openThread(actions.roomId, message.id),
    });
  tools.push({
    label: 'Copy link',
    icon: link.copied === 'link' ? <DoneIcon /> : <LinkIcon />,
    run: () => link.copy(message),
  });
  // On the desktop "Copy link" is the app's parley:// link; a browser needs the web form.
  const { copyWeb } = link;
  if (copyWeb)
    tools.push({
      label: 'Copy web link',
      icon: link.copied === 'web link' ? <DoneIcon /> : <WebLinkIcon />,
      run: () => copyWeb(message),
    });
  if (own) tools.push({ label: 'Edit', icon: <EditIcon />, run: () => actions.onEdit(message.id) });
  // The author may delete, and so may admins and the owner (moderation), as the server allows.
  if (own || isAdmin(me))
    tools.push({ label: 'Delete', icon: <DeleteIcon />, run: () => setConfirming(true) });

  const active = Math.min(current, tools.length - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Only on the buttons: keys in the picker or the dialog (DOM children here) are theirs.
    if ((event.target as HTMLElement).parentElement !== event.currentTarget) return;
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      Home: 0,
      End: tools.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = (next + tools.length) % tools.length;
    setCurrent(index);
    event.currentTarget.querySelectorAll<HTMLButtonElement>(':scope > button')[index]?.focus();
  };

  return (
    <div
      className="message-toolbar"
      role="toolbar"
      aria-label="Message actions"
      onKeyDown={onKeyDown}
    >
      {tools.map((tool, i) => (
        <button
          key={tool.label}
          type="button"
          aria-label={tool.label}
          title={tool.label}
          tabIndex={i === active ? 0 : -1}
          onFocus={() => setCurrent(i)}
          onClick={(event) => tool.run(event.currentTarget)}
        >
          {tool.icon}
        </button>
      ))}
      {/* Always there, so that the words put in it are read out (polite: after what is said). */}
      <span className="visually-hidden" role="status">
        {link.copied === 'link' ? 'Link copied' : link.copied ? 'Web link copied' : ''}
      </span>
      {link.byHand && <CopyByHand link={link.byHand} onClose={link.closeByHand} />}
      {picker && (
        <ReactionPicker
          anchor={picker}
          onPick={(emoji) => void failure(client.react(message.id, emoji, true)).then(onError)}
          onClose={() => setPicker(null)}
        />
      )}
      {confirming && (
        <ConfirmDelete
          message={message}
          actions={actions}
          onDeleting={props.onDeleting}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  );
}
