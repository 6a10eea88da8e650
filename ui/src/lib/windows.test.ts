import { describe, expect, it } from 'vitest';
import { parseDuration, utcInput, windowLabel } from './windows';

describe('change windows', () => {
  it('reads durations as the CLI does', () => {
    expect(parseDuration('4h')).toBe(240);
    expect(parseDuration('4h30m')).toBe(270);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('1d')).toBe(1440);
    for (const bad of ['', '0', '4x', '8d', 'h']) expect(parseDuration(bad)).toBeNull();
  });
  it('labels a window crossing midnight', () => {
    expect(windowLabel({ id: 1, days: ['tue', 'thu'], start: '22:00', duration_min: 240, tz: 'Europe/Berlin' })).toBe(
      'Tue, Thu 22:00–02:00 Europe/Berlin',
    );
  });
  it('reads a datetime-local value as UTC', () => {
    expect(utcInput('2026-12-24T18:00')).toBe('2026-12-24T18:00:00Z');
    expect(utcInput('tomorrow')).toBeNull();
  });
});
