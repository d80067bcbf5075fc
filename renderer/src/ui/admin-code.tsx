import { useId, useState, type ReactNode } from 'react';
import { when } from '../lib/admin-format';

/**
 * A code shown once (an invite code, a password reset code): in a read-only field, selected
 * on focus so it can be copied by hand too, with a Copy button and when it stops working.
 */
export function OneTimeCode(props: {
  label: string;
  code: string;
  expiresAt: number;
  children?: ReactNode;
}) {
  const id = useId();
  const [copied, setCopied] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.code);
      setCopied('Copied.');
    } catch {
      setCopied('Could not copy: select the code and copy it yourself.');
    }
  };
  return (
    <div className="one-time-code">
      <label htmlFor={id}>{props.label}</label>
      <div className="one-time-code-row">
        <input
          id={id}
          className="mono"
          readOnly
          value={props.code}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby={`${id}-expiry`}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p id={`${id}-expiry`} className="muted small">
        Valid until {when(props.expiresAt)}. It is shown only now.
      </p>
      {props.children}
      <p className="small" role="status">
        {copied}
      </p>
    </div>
  );
}
