import { useEffect, useRef } from 'react';
import { onWorkspaceChanged } from '../ipc/app';
import type { WorkspaceChanged } from '../ipc/types';

/** Calls `handler` for every `workspace-changed` event while the component is mounted. */
export function useWorkspaceChanged(handler: (change: WorkspaceChanged) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    onWorkspaceChanged((change) => ref.current(change)).then(
      (unlisten) => {
        if (live) stop = unlisten;
        else unlisten();
      },
      () => {
        // Outside Tauri (unit tests) there is no event bus; nothing to listen to.
      },
    );
    return () => {
      live = false;
      stop?.();
    };
  }, []);
}
