// The UI's fonts ship with the app, so every machine renders the same page (no reliance on installed fonts).
import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/jetbrains-mono/wght.css';
import './styles';
import './app.css';

import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { launchProfile } from './ipc/profile';
import { launchRunbooks } from './ipc/runbooks';
import { markLaunch } from './lib/launchMarks';
import { theme } from './theme';

markLaunch('main');
launchProfile.start();
void launchProfile.settled().then(() => markLaunch('profile'));
launchRunbooks.start();
// The page's font, fetched now rather than when the first layout meets text. WebKit holds back painting text in a
// font still loading: without this the first screen was in the page 90 ms before it was painted.
document.fonts.load('400 1em "Inter Variable"').catch(() => undefined);
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

// Rendered at once, not after waiting for the profile and the list: React's first renders (a spinner, the shell)
// then overlap those requests, and the list is drawn sooner (docs/performance.md, "The app").
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={5} />
      <App />
    </MantineProvider>
  </StrictMode>,
);
