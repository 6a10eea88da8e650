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
// The page's font, fetched now rather than when the first layout meets text, so the first screen is drawn in it
// and not first in a fallback font that is then swapped (text reflowed, lines wrapped differently).
const font = document.fonts.load('400 1em "Inter Variable"').catch(() => undefined);
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

function render(root: HTMLElement) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="bottom-right" limit={5} />
        <App />
      </MantineProvider>
    </StrictMode>,
  );
}

// The first screen needs the profile, the runbook list and the font. Here all three are in within 10–25 ms of
// this point, so the first render waits for them, up to FIRST_SCREEN_WAIT_MS, and draws the shell and the list at
// once, instead of a spinner, then the shell, then the list (docs/performance.md, "The app": 40–50 ms sooner). A
// slower workspace (a team one far away) gets the spinner after that wait, then the screen.
const FIRST_SCREEN_WAIT_MS = 150;
void Promise.race([
  Promise.all([launchProfile.settled(), launchRunbooks.settled(), font]),
  new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
]).then(() => render(root));
