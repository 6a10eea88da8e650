import { useEffect, useRef } from 'react';
import { onWorkspaceHead } from '../ipc/app';
import { deliverWhenSettled, isOwnHead } from '../ipc/ownChanges';
import type { WorkspaceHead } from '../ipc/types';

/**
 * Calls `handler` whenever the workspace file changed, whoever changed it (this window, another window, the CLI on
 * the same workspace), while the component is mounted. The app notices such changes within a second. A change
 * this window made and has applied already (its audit head is the last one it saw) is not reported again.
 */
export function useWorkspaceHead(handler: (head: WorkspaceHead) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    onWorkspaceHead((head) => {
      // This window's own last change, reported again by the watcher: its events have said it already.
      if (isOwnHead(head.audit_head)) return;
      deliverWhenSettled(() => ref.current(head));
    }).then(
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
