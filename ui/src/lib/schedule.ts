import type { Forecast, ScheduleState } from '../ipc/types';

/** On time: calm; tight (the window's last 15 minutes): amber; over the window: red. */
export const SCHEDULE_COLOUR: Record<ScheduleState, string> = { on_time: 'teal', tight: 'orange', over: 'red' };

/** `02:00–06:00 Europe/Berlin (01:00–05:00 here)`: the window in its zone and in this machine's. */
export function scheduleWindow(forecast: Forecast): string {
  const s = forecast.schedule;
  if (!s) return '';
  const inZone = (iso: string, tz: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: tz });
  const here = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return `${inZone(s.starts_at, s.tz)}–${inZone(s.ends_at, s.tz)} ${s.tz} (${here(s.starts_at)}–${here(s.ends_at)} here)`;
}
