import { useCallback, useEffect, useState } from 'react';
import { parseRoute, routeHash, type Route } from '../lib/route';

/** The route in the location hash, and a way to go elsewhere. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((to: Route) => {
    const hash = routeHash(to);
    if (window.location.hash !== hash) window.location.hash = hash;
    else setRoute(to);
  }, []);
  return [route, go];
}
