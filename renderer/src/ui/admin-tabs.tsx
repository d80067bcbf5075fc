import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useDomId } from './dom-ids';

/**
 * Tabs as the ARIA Authoring Practices describe them: one tab stop for the tab list, the arrow
 * keys (and Home, End) move between tabs and show each at once, the panel follows in tab order.
 */
export function Tabs<T extends string>(props: {
  label: string;
  tabs: ReadonlyArray<readonly [T, string]>;
  selected: T;
  onSelect: (tab: T) => void;
  /** A readable name that the tabs' and the panel's ids start with, made unique in the document. */
  idPrefix: string;
  children: ReactNode;
}) {
  const { tabs, selected } = props;
  const idPrefix = useDomId(props.idPrefix);
  const buttons = useRef(new Map<T, HTMLButtonElement>());
  const move = (event: KeyboardEvent) => {
    const at = tabs.findIndex(([tab]) => tab === selected);
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (at + last) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    const tab = next === undefined ? undefined : tabs[next]?.[0];
    if (tab === undefined) return;
    event.preventDefault();
    props.onSelect(tab);
    buttons.current.get(tab)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={props.label} className="admin-tabs" onKeyDown={move}>
        {tabs.map(([tab, name]) => (
          <button
            key={tab}
            ref={(node) => {
              if (node) buttons.current.set(tab, node);
              else buttons.current.delete(tab);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab}`}
            aria-selected={tab === selected}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={tab === selected ? 0 : -1}
            onClick={() => props.onSelect(tab)}
          >
            {name}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${idPrefix}-panel`}
        aria-labelledby={`${idPrefix}-tab-${selected}`}
        className="admin-tab-panel"
        tabIndex={0}
      >
        {props.children}
      </div>
    </>
  );
}
