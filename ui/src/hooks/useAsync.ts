import { useCallback, useEffect, useRef, useState } from 'react';
import { showError } from '../errors';
import { AppError } from '../ipc/invoke';

export type Async<T> = {
  data: T | undefined;
  error: AppError | null;
  loading: boolean;
  /** Loads again, keeping the data shown meanwhile. */
  reload: () => void;
  setData: (update: (data: T | undefined) => T | undefined) => void;
};

/**
 * Loads data when `deps` change; a failure is shown as an error notification and kept in `error`. `initial`, if
 * it gives data (the launch's answer, see `lib/prefetch.ts`), is shown from the first render, and the first load is
 * skipped.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  what = 'Loading',
  initial?: () => T | undefined,
): Async<T> {
  const [data, setDataState] = useState<T | undefined>(() => initial?.());
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(data === undefined);
  const skipFirstLoad = useRef(data !== undefined);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (skipFirstLoad.current) {
      skipFirstLoad.current = false;
      return;
    }
    let live = true;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (!live) return;
        setDataState(value);
        setError(null);
        setLoading(false);
      },
      (reason: unknown) => {
        if (!live) return;
        const e = AppError.from(reason);
        setError(e);
        setLoading(false);
        showError(e, what);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (data: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}
