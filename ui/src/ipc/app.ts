import { listen } from '@tauri-apps/api/event';
import { EVENTS } from '../bindings/events';
import { call } from './invoke';
import type { AppInfo, WorkspaceChanged, WorkspaceChoices, WorkspaceConnection, WorkspaceHead, WorkspaceTarget } from './types';

export const appInfo = () => call<AppInfo>('app_info');

/** The local file and the team workspaces used on this computer. */
export const workspaceChoices = () => call<WorkspaceChoices>('workspace_choices');

/** Opens another workspace in place of this one; the open one stays if it cannot be opened. */
export const switchWorkspace = (target: WorkspaceTarget) => call<AppInfo>('switch_workspace', { target });

/** Calls `handler` after every change to the workspace; resolves to the function that stops listening. */
export const onWorkspaceChanged = (handler: (change: WorkspaceChanged) => void) =>
  listen<WorkspaceChanged>(EVENTS.workspaceChanged, (event) => handler(event.payload));

/**
 * Calls `handler` whenever the workspace changed, by this app or anyone else on it (the CLI, a second window, a
 * teammate on a team workspace); resolves to the function that stops listening.
 */
export const onWorkspaceHead = (handler: (head: WorkspaceHead) => void) =>
  listen<WorkspaceHead>(EVENTS.workspaceHead, (event) => handler(event.payload));

/** Calls `handler` when a team workspace's server stops or starts answering. */
export const onWorkspaceConnection = (handler: (connection: WorkspaceConnection) => void) =>
  listen<WorkspaceConnection>(EVENTS.workspaceConnection, (event) => handler(event.payload));
