import { describe, expect, it } from 'vitest';
import { elapsedMs, formatAgo, formatDuration, formatMinutes, isOverrun, plannedLabel } from './time';

describe('formatDuration', () => {
  it('writes seconds, minutes and hours in one style', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(47_000)).toBe('47s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(45 * 60_000)).toBe('45m');
    expect(formatDuration(3_723_000)).toBe('1h 02m');
    expect(formatDuration(140 * 60_000)).toBe('2h 20m');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(-5)).toBe('0s');
  });

  it('writes an actual and a planned length alike', () => {
    expect(formatDuration(45 * 60_000)).toBe(formatMinutes(45));
    expect(formatDuration(140 * 60_000 + 59_999)).toBe(formatMinutes(140));
  });
});

describe('formatMinutes', () => {
  it('reads minutes and hours', () => {
    expect(formatMinutes(45)).toBe('45m');
    expect(formatMinutes(60)).toBe('1h');
    expect(formatMinutes(125)).toBe('2h 05m');
  });
});

describe('elapsedMs', () => {
  const now = Date.parse('2025-01-01T10:10:00Z');
  it('runs until now while there is no end', () => {
    expect(elapsedMs('2025-01-01T10:00:00Z', null, now)).toBe(600_000);
  });
  it('stops at the end', () => {
    expect(elapsedMs('2025-01-01T10:00:00Z', '2025-01-01T10:01:30Z', now)).toBe(90_000);
  });
  it('is null without a start', () => {
    expect(elapsedMs(null, null, now)).toBeNull();
    expect(elapsedMs('garbage', null, now)).toBeNull();
  });
});

describe('plannedLabel', () => {
  it('prefers the time of day, then the offset', () => {
    expect(plannedLabel({ planned_at: '02:45', planned_offset_min: null })).toBe('02:45');
    expect(plannedLabel({ planned_at: null, planned_offset_min: 30 })).toBe('T+30m');
    expect(plannedLabel({ planned_at: null, planned_offset_min: 0 })).toBe('T+0m');
    expect(plannedLabel({ planned_at: null, planned_offset_min: null })).toBeNull();
  });
});

describe('isOverrun', () => {
  it('is true only past a planned duration', () => {
    expect(isOverrun(11 * 60_000, 10)).toBe(true);
    expect(isOverrun(10 * 60_000, 10)).toBe(false);
    expect(isOverrun(11 * 60_000, null)).toBe(false);
    expect(isOverrun(null, 10)).toBe(false);
  });
});

describe('formatAgo', () => {
  const now = Date.parse('2025-01-02T00:00:00Z');
  it('rounds to the largest unit', () => {
    expect(formatAgo('2025-01-01T23:59:30Z', now)).toBe('just now');
    expect(formatAgo('2025-01-01T23:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2025-01-01T21:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2024-12-30T00:00:00Z', now)).toBe('3 d ago');
  });
});
