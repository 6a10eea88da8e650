import { useEffect } from 'react';

/** The run view's code: loaded when a run is first opened (App's lazy page), or ahead of that. */
export const loadRunView = () => import('../pages/RunPage');

/**
 * Loads the run view's code once the page that calls this has been shown for a moment. The Runs list and a
 * runbook are where runs are opened and started, so the first run opened from them does not wait for the view's
 * JavaScript to load and run. The launch's first screen (the runbook list) does not call it: the launch and its
 * idle memory are not charged for it. A failed load is left to the lazy page, which reports it when it is needed.
 */
export function usePreloadRunView() {
  useEffect(() => {
    const timer = setTimeout(() => void loadRunView().catch(() => undefined), 250);
    return () => clearTimeout(timer);
  }, []);
}
