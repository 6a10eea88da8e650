import type { ChangeWindow, Day } from '../ipc/types';

export const DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_TITLE: Record<Day, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** `4h`, `90m`, `4h30m` or plain minutes → minutes; `null` when it is not a duration of 1 min to 7 days. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  let m: RegExpMatchArray | null;
  let total: number;
  if (/^\d+$/.test(t)) total = Number(t);
  else if ((m = t.match(/^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/)) && t !== '') total = Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  else return null;
  return total >= 1 && total <= 7 * 1440 ? total : null;
}

/** `Tue, Thu 22:00–02:00 Europe/Berlin`, as the backend labels it. */
export function windowLabel(w: ChangeWindow): string {
  const [h, m] = w.start.split(':').map(Number);
  const end = ((h ?? 0) * 60 + (m ?? 0) + w.duration_min) % 1440;
  const pad = (n: number) => String(n).padStart(2, '0');
  const long = w.duration_min >= 1440 ? ` (${Math.floor(w.duration_min / 60)}h)` : '';
  return `${w.days.map((d) => DAY_TITLE[d]).join(', ')} ${w.start}–${pad(Math.floor(end / 60))}:${pad(end % 60)}${long} ${w.tz}`;
}

/** A `datetime-local` value read as UTC → RFC 3339. */
export function utcInput(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : null;
}

export function dayTitle(d: Day): string {
  return DAY_TITLE[d];
}
