import { useState } from 'react';
import type { Message } from '../../../server/protocol';
import { rememberEmoji } from '../lib/emoji-recent';
import { ReactIcon } from './message-icons';
import { ReactionPicker } from './reaction-picker';
import { failure, joinNames, type RowActions } from './row-actions';
import { useDomId } from './dom-ids';

/**
 * The reactions under a message: one pill per emoji with its count, pressed when I reacted;
 * a click adds or takes back mine. Who reacted shows in a tooltip on hover and on keyboard
 * focus (and is the pill's description for screen readers). The last pill opens the picker.
 */
export function Reactions(props: {
  message: Message;
  actions: RowActions;
  onError: (error: string | undefined) => void;
}) {
  const { message, actions, onError } = props;
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // Not the message's id alone: a thread's root shows in the room and in the thread panel, and
  // another server's messages may have the same ids.
  const id = useDomId('reaction');
  const reactions = message.reactions ?? [];
  if (reactions.length === 0) return null;

  const react = (emoji: string, on: boolean) => {
    if (on) rememberEmoji(emoji);
    void failure(actions.client.react(message.id, emoji, on)).then(onError);
  };

  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {reactions.map((reaction) => {
        const mine = reaction.userIds.includes(actions.me.id);
        const tipId = `${id}-${[...reaction.emoji].map((c) => c.codePointAt(0)).join('-')}`;
        return (
          <span className="reaction-wrap" key={reaction.emoji}>
            <button
              type="button"
              className="reaction"
              aria-pressed={mine}
              aria-describedby={tipId}
              // Archived: the pill still says who reacted (focus shows the tooltip), but does nothing.
              aria-disabled={actions.readOnly || undefined}
              onClick={() => !actions.readOnly && react(reaction.emoji, !mine)}
            >
              <span className="reaction-emoji">{reaction.emoji}</span>{' '}
              <span className="reaction-count">{reaction.count}</span>
            </button>
            <span role="tooltip" id={tipId} className="reaction-tip">
              {joinNames(
                reaction.userIds,
                actions.nameOf,
                reaction.count - reaction.userIds.length,
              )}{' '}
              reacted with {reaction.emoji}
            </span>
          </span>
        );
      })}
      {!actions.readOnly && (
        <button
          type="button"
          className="reaction add-reaction"
          aria-label="Add reaction"
          title="Add reaction"
          onClick={(event) => setAnchor(event.currentTarget)}
        >
          <ReactIcon />
        </button>
      )}
      {anchor && (
        <ReactionPicker
          anchor={anchor}
          onPick={(emoji) => react(emoji, true)}
          onClose={() => setAnchor(null)}
        />
      )}
    </div>
  );
}
