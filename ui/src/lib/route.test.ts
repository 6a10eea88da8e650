import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, section, type Route } from './route';

describe('routes', () => {
  it('round-trip through the hash', () => {
    const routes: Route[] = [
      { page: 'runbooks' },
      { page: 'runbook', id: 3 },
      { page: 'runbook-new', kind: 'checklist' },
      { page: 'runbook-new', kind: 'runbook' },
      { page: 'runbook-edit', id: 3 },
      { page: 'runs' },
      { page: 'metrics' },
      { page: 'run', id: 12 },
      { page: 'environments' },
      { page: 'checks', tab: 'suites' },
      { page: 'checks', tab: 'results' },
      { page: 'checks', tab: 'playground' },
      { page: 'secrets' },
      { page: 'audit' },
      { page: 'profile' },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });

  it('falls back to the runbook list for unknown or malformed hashes', () => {
    expect(parseRoute('')).toEqual({ page: 'runbooks' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'runbooks' });
    expect(parseRoute('#/runs/abc')).toEqual({ page: 'runs' });
    expect(parseRoute('#/runs/3/wall')).toEqual({ page: 'wall', id: 3 });
    expect(routeHash({ page: 'wall', id: 3 })).toBe('#/runs/3/wall');
    expect(parseRoute('#/checks/nowhere')).toEqual({ page: 'checks', tab: 'suites' });
  });

  it('groups pages by navigation section', () => {
    expect(section({ page: 'run', id: 1 })).toBe('runs');
    expect(section({ page: 'runbook-edit', id: 1 })).toBe('runbooks');
    expect(section({ page: 'checks', tab: 'playground' })).toBe('checks');
  });
});
