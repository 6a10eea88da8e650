import { listen } from '@tauri-apps/api/event';
import { call } from './invoke';
import type { AppInfo, WorkspaceChanged } from './types';

export const appInfo = () => call<AppInfo>('app_info');

/** Calls `handler` after every change to the workspace; resolves to the function that stops listening. */
export const onWorkspaceChanged = (handler: (change: WorkspaceChanged) => void) =>
  listen<WorkspaceChanged>('workspace-changed', (event) => handler(event.payload));
