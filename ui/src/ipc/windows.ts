import { call } from './invoke';
import type { ChangeWindow, EnvironmentWindows, Freeze, GateStatus, Hold } from './types';

export const environmentWindows = (environmentId: number) =>
  call<EnvironmentWindows>('environment_windows', { environmentId });
export const addWindow = (environmentId: number, window: ChangeWindow) =>
  call<ChangeWindow>('add_window', { environmentId, window });
export const addFreeze = (environmentId: number, freeze: Freeze) => call<Freeze>('add_freeze', { environmentId, freeze });
export const removeWindow = (environmentId: number, windowId: number) =>
  call<null>('remove_schedule_item', { environmentId, windowId, freezeId: null });
export const removeFreeze = (environmentId: number, freezeId: number) =>
  call<null>('remove_schedule_item', { environmentId, windowId: null, freezeId });

export const runHolds = (runId: number) => call<Hold[]>('run_holds', { runId });
export const holdRun = (runId: number, reason: string) => call<Hold>('hold_run', { runId, hold: true, reason });
export const releaseRun = (runId: number, reason: string) => call<Hold>('hold_run', { runId, hold: false, reason });

export const overrideWindow = (runId: number, stepId: number, reason: string) =>
  call<GateStatus>('override_window', { runId, stepId, reason });
