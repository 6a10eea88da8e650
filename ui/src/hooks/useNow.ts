import { startTransition, useEffect, useState } from 'react';

/**
 * The current time in milliseconds, updated every `intervalMs` while `active`. A clock's re-render is a
 * transition: a click or key press that comes meanwhile is rendered first, not after it.
 */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = window.setInterval(() => startTransition(() => setNow(Date.now())), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs, active]);
  return now;
}
