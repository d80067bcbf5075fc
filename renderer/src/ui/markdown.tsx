import { compiler, RuleType, type MarkdownToJSX } from 'markdown-to-jsx/react';
import { Fragment, useContext, type MouseEvent, type ReactNode } from 'react';
import { openInApp } from '../lib/in-app-links';
import { linkedMessageOf } from '../lib/message-link';
import { requestMessage } from '../lib/message-request';
import { CodeBlock } from './code-block';
import { markMentions, type MentionMarks } from './mention-marks';
import { PeopleContext } from './use-people';

/** True for an absolute http(s) URL, the only kind of link a message may carry. */
export function isWebUrl(href: string | null | undefined): href is string {
  if (!href) return false;
  try {
    // The URL parser, as the browser reads it: strips tabs and newlines, lowercases the scheme.
    const { protocol } = new URL(href);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false; // relative, or not a URL at all
  }
}

/**
 * A link out of the app: a new tab in a browser, the system browser on desktop. The link of a
 * message of this very server opens it here instead (a plain click; Ctrl or Shift still open a
 * new tab in a browser), and on the desktop so does that of any other saved server.
 */
function WebLink(props: { href: string; title?: string; children: ReactNode }) {
  const serverUrl = useContext(PeopleContext)?.serverUrl;
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    const linked = serverUrl ? linkedMessageOf(props.href, serverUrl) : undefined;
    const plain = !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0;
    if (serverUrl && linked && (plain || window.parley)) {
      event.preventDefault();
      return requestMessage({ serverUrl, ...linked });
    }
    if (!window.parley) return; // a browser opens target=_blank itself
    event.preventDefault();
    // Another saved server's message: in the app, that server shown.
    if (openInApp(props.href)) return;
    void window.parley.openExternal(props.href);
  };
  return (
    <a
      href={props.href}
      title={props.title}
      target="_blank"
      rel="noopener noreferrer"
      onClick={open}
    >
      {props.children}
    </a>
  );
}

/**
 * A label that is not the URL itself could hide where a link goes, so such a link shows its
 * target on hover. A bare URL (www.x.org autolinks to http://www.x.org) needs no title.
 */
function hoverTitle(node: MarkdownToJSX.LinkNode, href: string): string | undefined {
  const [only] = node.children;
  const label = node.children.length === 1 && only?.type === RuleType.text ? only.text : '';
  return label === href || `http://${label}` === href ? undefined : href;
}

/** Nodes of the subset that the library renders as they are: text, paragraphs, quotes, lists. */
const AS_IS = new Set<number>([
  RuleType.text,
  RuleType.paragraph,
  RuleType.blockQuote,
  RuleType.codeInline,
  RuleType.breakLine,
  RuleType.orderedList,
  RuleType.unorderedList,
  RuleType.refCollection, // link reference definitions: rendered as nothing, as Markdown does
  RuleType.ref,
]);

/** Bold, italic, strikethrough; other inline formats (==mark==) show their text only. */
const FORMATS = new Set(['strong', 'em', 'del']);

/**
 * Every node is decided here, before the library's defaults: an allow-list, so a kind of node
 * the library adds later shows as text instead of appearing as a new element. Images never load
 * (a remote image in a message is a tracking pixel); only http(s) links become links.
 */
const renderRule: NonNullable<MarkdownToJSX.Options['renderRule']> = (
  next,
  node,
  children,
  state,
) => {
  const key = state.key;
  if (AS_IS.has(node.type)) return next();
  switch (node.type) {
    case RuleType.textFormatted:
      if (FORMATS.has(node.tag)) return next();
      return <Fragment key={key}>{children(node.children, state)}</Fragment>;
    case RuleType.codeBlock:
      return <CodeBlock key={key} code={node.text} lang={node.lang} />;
    case RuleType.link: {
      const label = children(node.children, state);
      if (!isWebUrl(node.target)) return <Fragment key={key}>{label}</Fragment>;
      return (
        <WebLink key={key} href={node.target} title={hoverTitle(node, node.target)}>
          {label}
        </WebLink>
      );
    }
    case RuleType.image:
      if (!isWebUrl(node.target)) return node.alt ?? '';
      return (
        <WebLink key={key} href={node.target} title={node.target}>
          {node.alt || node.target}
        </WebLink>
      );
    case RuleType.heading: // a chat message has no document outline: bold at most
      return (
        <p key={key}>
          <strong>{children(node.children, state)}</strong>
        </p>
      );
    case RuleType.table:
      return <p key={key}>{tableAsText(node, (cell) => children(cell, state))}</p>;
    case RuleType.gfmTask:
      return node.completed ? '[x]' : '[ ]';
    case RuleType.footnoteReference:
      return `[^${node.text}]`;
    case RuleType.footnote:
      return footnotesAsText(state.refs, key);
    case RuleType.breakThematic:
      return <p key={key}>---</p>;
    case RuleType.frontmatter: // a message that starts with "---" is not a document header
      return <p key={key}>{node.text}</p>;
    case RuleType.htmlComment:
      return `<!--${node.text}-->`;
    default:
      // Raw HTML nodes: never produced with disableParsingRawHTML; if one ever is, its text only.
      return 'children' in node && node.children ? children(node.children, state) : null;
  }
};

/** A table, written back as the lines of text it was typed as. */
function tableAsText(
  node: MarkdownToJSX.TableNode,
  cell: (nodes: MarkdownToJSX.ASTNode[]) => ReactNode,
): ReactNode {
  return [node.header, ...node.cells].map((row, r) => (
    <Fragment key={r}>
      {r > 0 ? '\n|' : '|'}
      {row.map((nodes, c) => (
        <Fragment key={c}> {cell(nodes)} |</Fragment>
      ))}
    </Fragment>
  ));
}

/** Footnote definitions as their text: the library's own footer carries ids that would clash. */
function footnotesAsText(refs: MarkdownToJSX.State['refs'], key: string | number | undefined) {
  const notes = Object.entries(refs ?? {}).filter(([name]) => name.startsWith('^'));
  if (notes.length === 0) return null;
  return <p key={key}>{notes.map(([name, ref]) => `[${name}]: ${ref.target}`).join('\n')}</p>;
}

const OPTIONS: MarkdownToJSX.Options = {
  disableParsingRawHTML: true, // raw HTML is shown as the text it is
  forceBlock: true, // one line is a paragraph too, so every message has the same shape
  wrapper: null,
  renderRule,
  // The library appends footnotes in a <footer> of its own, outside renderRule; they are shown
  // as text where they were written instead (see footnotesAsText).
  overrides: { footer: () => null },
};

/**
 * A message's Markdown as React elements: the subset above, everything else as text. With
 * `mentions`, the mentions in its text (never in code, which has no text nodes) are marked.
 */
export function renderMarkdown(text: string, mentions?: MentionMarks): ReactNode {
  if (!mentions) return compiler(text, OPTIONS);
  return compiler(text, {
    ...OPTIONS,
    renderRule: (next, node, children, state) =>
      node.type === RuleType.text
        ? markMentions(node.text, mentions, state.key)
        : renderRule(next, node, children, state),
  });
}
