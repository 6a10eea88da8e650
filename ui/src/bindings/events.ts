// Generated from the event names in src-tauri/src by scripts/bindings.sh. Do not edit.

/** The name of every event the app emits to its windows. */
export const EVENTS = {
  workspaceChanged: 'workspace-changed',
  workspaceHead: 'workspace-head',
  workspaceConnection: 'workspace-connection',
} as const;

export type EventName = (typeof EVENTS)[keyof typeof EVENTS];
