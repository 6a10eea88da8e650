import { useCallback, useEffect, useState } from 'react';
import { runForecast } from '../ipc/runs';
import type { Forecast } from '../ipc/types';
import { useWorkspaceChanged } from './useWorkspaceChanged';
import { useWorkspaceHead } from './useWorkspaceHead';

/** A run's schedule and forecast, reloaded on every change to the workspace and every 30 s (the clock moves it). */
export function useForecast(runId: number): { forecast: Forecast | null; reload: () => void } {
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const reload = useCallback(() => {
    runForecast(runId).then(setForecast, () => setForecast(null));
  }, [runId]);
  useEffect(() => {
    reload();
    const timer = window.setInterval(reload, 30_000);
    return () => window.clearInterval(timer);
  }, [reload]);
  useWorkspaceChanged((change) => {
    if (change.entity === 'run' && (change.id === null || change.id === runId)) reload();
  });
  useWorkspaceHead(reload);
  return { forecast, reload };
}
