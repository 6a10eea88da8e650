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

/** Loads data when `deps` change; a failure is shown as an error notification and kept in `error`. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[], what = 'Loading'): Async<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
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
