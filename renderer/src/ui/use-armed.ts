import { useEffect, useState } from 'react';

/**
 * How long a confirming button stays off after its dialog appears. A hostile page can make a
 * dialog appear under a pointer that is about to click (it opens links whenever it likes); a
 * click that lands this soon was meant for whatever was there before.
 */
export const ARM_DELAY_MS = 300;

/** False for the first {@link ARM_DELAY_MS} after mounting, then true. */
export function useArmed(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), ARM_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  return armed;
}
