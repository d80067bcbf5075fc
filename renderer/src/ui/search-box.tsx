import { useState, type KeyboardEvent, type RefObject } from 'react';
import {
  applyCompletion,
  completeAt,
  type CompletionList,
  type CompletionSources,
} from '../lib/search-complete';
import { useDomId } from './dom-ids';

/**
 * The search field: a combobox whose list completes the filter being typed (`from:@` people,
 * `in:#` rooms, `has:` file or link, `before:`/`after:` days, and the keywords themselves).
 * Up and Down move in the list, Enter or Tab takes the option (Enter takes the first one of a
 * person or room list without moving to it), Escape closes the list; with the list closed Enter
 * searches and Escape is left to the panel, which closes.
 */
export function SearchBox(props: {
  value: string;
  onChange: (value: string) => void;
  onSearch: (query: string) => void;
  sources: () => CompletionSources;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const { value, inputRef } = props;
  const [list, setList] = useState<CompletionList | null>(null);
  // -1: no option chosen (Enter searches); otherwise the option Up and Down moved to.
  const [active, setActive] = useState(-1);
  const chosen = list && active < 0 && list.autoSelect ? 0 : active;
  const id = useDomId('search');
  const listId = `${id}-completions`;
  const optionId = (i: number) => `${listId}-${i}`;

  const update = (text: string, caret: number) => {
    props.onChange(text);
    const next = completeAt(text, caret, props.sources());
    if (next?.start !== list?.start || next?.options.length !== list?.options.length) setActive(-1);
    setList(next);
  };

  const pick = (i: number) => {
    const option = list?.options[i];
    if (!list || !option) return;
    const next = applyCompletion(value, list, option);
    update(next.text, next.caret);
    // After React has put the new text in: the caret goes after the inserted word.
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(next.caret, next.caret));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const n = list?.options.length ?? 0;
    if (event.key === 'ArrowDown' && n > 0) setActive((chosen + 1) % n);
    else if (event.key === 'ArrowUp' && n > 0) setActive(chosen <= 0 ? n - 1 : chosen - 1);
    else if ((event.key === 'Enter' || event.key === 'Tab') && n > 0 && chosen >= 0) pick(chosen);
    else if (event.key === 'Enter') {
      setList(null);
      props.onSearch(value);
    } else if (event.key === 'Escape' && n > 0) setList(null);
    else return;
    event.preventDefault();
  };

  const open = list !== null;
  return (
    <div className="search-box">
      <label htmlFor={`${id}-input`} className="visually-hidden">
        Search messages
      </label>
      <input
        id={`${id}-input`}
        ref={inputRef}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder='Search: words, "a phrase", from:@name, in:#room…'
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && chosen >= 0 ? optionId(chosen) : undefined}
        aria-describedby={`${id}-help`}
        value={value}
        onChange={(event) => update(event.target.value, event.target.selectionStart ?? 0)}
        onKeyDown={onKeyDown}
        onBlur={() => setList(null)}
      />
      <p id={`${id}-help`} className="visually-hidden">
        Filters: from:@name, in:#room, before: and after: a date as YYYY-MM-DD, has:file, has:link.
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label="Search filters"
        hidden={!open}
        className="search-completions"
      >
        {list?.options.map((option, i) => (
          <li
            key={option.insert}
            id={optionId(i)}
            role="option"
            aria-selected={i === chosen}
            className={i === chosen ? 'active' : undefined}
            // mousedown, not click: the field keeps the focus (and its caret).
            onMouseDown={(event) => {
              event.preventDefault();
              pick(i);
            }}
          >
            <bdi className="search-completion-label">{option.label}</bdi>
            {option.detail && <span className="muted small"> {option.detail}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
