// Hash routes: the app has no server, so the location hash is the route.

/** The tabs of the Checks page. */
export type ChecksTab = 'suites' | 'results' | 'playground';
const CHECKS_TABS: readonly ChecksTab[] = ['suites', 'results', 'playground'];

export type Route =
  | { page: 'runbooks' }
  | { page: 'runbook'; id: number }
  | { page: 'runbook-new'; kind: 'runbook' | 'checklist' }
  | { page: 'runbook-edit'; id: number }
  | { page: 'runs' }
  | { page: 'run'; id: number }
  | { page: 'wall'; id: number }
  | { page: 'compare'; id: number }
  | { page: 'environments' }
  | { page: 'checks'; tab: ChecksTab }
  | { page: 'secrets' }
  | { page: 'people' }
  | { page: 'audit' }
  | { page: 'metrics' }
  | { page: 'readiness' }
  | { page: 'profile' };

function id(s: string | undefined): number | null {
  if (!s || !/^\d+$/.test(s)) return null;
  return Number(s);
}

/** The route a hash names; anything unknown is the runbook list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#?\/?/, '').split('/').filter(Boolean);
  const [head, a, b] = parts;
  switch (head) {
    case 'runbooks': {
      if (a === 'new') return { page: 'runbook-new', kind: b === 'checklist' ? 'checklist' : 'runbook' };
      const n = id(a);
      if (n === null) return { page: 'runbooks' };
      return b === 'edit' ? { page: 'runbook-edit', id: n } : { page: 'runbook', id: n };
    }
    case 'runs': {
      const n = id(a);
      if (n === null) return { page: 'runs' };
      return b === 'wall' ? { page: 'wall', id: n } : b === 'compare' ? { page: 'compare', id: n } : { page: 'run', id: n };
    }
    case 'environments':
      return { page: 'environments' };
    case 'checks':
      return { page: 'checks', tab: CHECKS_TABS.find((t) => t === a) ?? 'suites' };
    case 'secrets':
      return { page: 'secrets' };
    case 'people':
      return { page: 'people' };
    case 'audit':
      return { page: 'audit' };
    case 'metrics':
      return { page: 'metrics' };
    case 'readiness':
      return { page: 'readiness' };
    case 'profile':
      return { page: 'profile' };
    default:
      return { page: 'runbooks' };
  }
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'runbooks':
      return '#/runbooks';
    case 'runbook':
      return `#/runbooks/${route.id}`;
    case 'runbook-new':
      return `#/runbooks/new/${route.kind}`;
    case 'runbook-edit':
      return `#/runbooks/${route.id}/edit`;
    case 'runs':
      return '#/runs';
    case 'run':
      return `#/runs/${route.id}`;
    case 'wall':
      return `#/runs/${route.id}/wall`;
    case 'compare':
      return `#/runs/${route.id}/compare`;
    case 'environments':
      return '#/environments';
    case 'checks':
      return route.tab === 'suites' ? '#/checks' : `#/checks/${route.tab}`;
    case 'secrets':
      return '#/secrets';
    case 'people':
      return '#/people';
    case 'audit':
      return '#/audit';
    case 'metrics':
      return '#/metrics';
    case 'readiness':
      return '#/readiness';
    case 'profile':
      return '#/profile';
  }
}

/** The navigation section a route belongs to. */
export function section(
  route: Route,
): 'runbooks' | 'runs' | 'environments' | 'checks' | 'secrets' | 'people' | 'audit' | 'metrics' | 'readiness' | 'profile' {
  switch (route.page) {
    case 'runbooks':
    case 'runbook':
    case 'runbook-new':
    case 'runbook-edit':
      return 'runbooks';
    case 'runs':
    case 'run':
    case 'wall':
    case 'compare':
      return 'runs';
    default:
      return route.page;
  }
}
