// jsdom lacks a few browser APIs that Mantine and the virtualised lists touch.
if (typeof window !== 'undefined') {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('ResizeObserver' in window)) {
    class ResizeObserver {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserver;
  }
  // jsdom has no layout, so it cannot scroll; the run view's virtualised list scrolls the window to a row.
  window.scrollTo = () => {};
}

// findBy*/waitFor wait up to 1 s by default. On a 2-core CI machine running every test file at once, a lazy page's
// first render can take longer; 5 s keeps those waits about behaviour, not machine load.
import { configure } from '@testing-library/react';
configure({ asyncUtilTimeout: 5000 });
