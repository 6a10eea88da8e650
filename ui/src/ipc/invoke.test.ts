import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
}));

import { invoke } from '@tauri-apps/api/core';
import { AppError, call } from './invoke';

const mocked = vi.mocked(invoke);

describe('AppError.from', () => {
  it('keeps the kind and message of a CommandError', () => {
    const e = AppError.from({ kind: 'conflict', message: 'stale revision' });
    expect(e).toBeInstanceOf(AppError);
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe('stale revision');
    expect(e.location).toBeNull();
  });

  it('keeps where in a source text the problem is', () => {
    const location = { file: 'smoke', line: 12, column: 5, problem: 'checks[0]: unknown field `htp`' };
    const e = AppError.from({ kind: 'invalid', message: 'smoke:12:5: checks[0]: unknown field `htp`', location });
    expect(e.location).toEqual(location);
  });

  it('treats an unknown kind, a string or an Error as internal', () => {
    expect(AppError.from({ kind: 'weird', message: 'x' }).kind).toBe('internal');
    const s = AppError.from('boom');
    expect([s.kind, s.message]).toEqual(['internal', 'boom']);
    const e = AppError.from(new TypeError('bad'));
    expect([e.kind, e.message]).toEqual(['internal', 'bad']);
    expect(AppError.from(undefined).message).toMatch(/unexpected error/);
  });
});

describe('call', () => {
  it('passes the command and arguments through and returns the result', async () => {
    mocked.mockResolvedValueOnce({ name: 'Ada', roles: [] });
    await expect(call('get_profile', { a: 1 })).resolves.toEqual({ name: 'Ada', roles: [] });
    expect(mocked).toHaveBeenCalledWith('get_profile', { a: 1 });
  });

  it('throws an AppError carrying the backend kind', async () => {
    mocked.mockRejectedValueOnce({ kind: 'invalid', message: 'phases[0].steps[1].title: must not be empty' });
    await expect(call('save_runbook')).rejects.toMatchObject({
      kind: 'invalid',
      message: 'phases[0].steps[1].title: must not be empty',
    });
  });
});
