/**
 * Marks of the launch in the page's performance timeline, read by bench/app.py to show where launch time goes:
 * `runsheet:main` when the main bundle has run, `runsheet:profile` when the profile has been read,
 * `runsheet:runbooks` when the runbook list has rendered, `runsheet:painted` when the frame showing it has been
 * drawn (the first task after that frame). Each is marked once; a mark costs microseconds.
 */
export type LaunchMark = 'main' | 'profile' | 'runbooks' | 'painted';

export function markLaunch(what: LaunchMark): void {
  const name = `runsheet:${what}`;
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (performance.getEntriesByName(name, 'mark').length > 0) return;
  performance.mark(name);
}
