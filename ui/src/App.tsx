import { Alert, AppShell, Avatar, Button, Center, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { IconBook, IconChartBar, IconClipboardCheck, IconHeartRateMonitor, IconHistory, IconKey, IconListDetails, IconServer, IconUser, IconUsers } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ThemeSwitch } from './components/ThemeSwitch';
import { ConnectDialog, WorkspaceMenu, WorkspaceSwitcher } from './components/WorkspaceSwitcher';
import { useRoute } from './hooks/useRoute';
import { useWorkspaceChanged } from './hooks/useWorkspaceChanged';
import { AppError } from './ipc/invoke';
import { launchProfile } from './ipc/profile';
import type { Profile } from './ipc/types';
import { section, type Route } from './lib/route';
import { ProfileSetupPage } from './pages/ProfileSetupPage';
import { RunbooksPage } from './pages/RunbooksPage';
import { loadRunView } from './hooks/usePreloadRunView';

// Only the first screen (the runbook list, or the profile form on first start) is in the main bundle; every other
// page is loaded on its first visit, so launch parses and keeps less code.
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const EnvironmentsPage = lazy(() => import('./pages/EnvironmentsPage').then((m) => ({ default: m.EnvironmentsPage })));
const ProfilePage = lazy(() => import('./pages/ProfilePage').then((m) => ({ default: m.ProfilePage })));
const RunbookEditorPage = lazy(() =>
  import('./pages/RunbookEditorPage').then((m) => ({ default: m.RunbookEditorPage })),
);
const RunbookPage = lazy(() => import('./pages/RunbookPage').then((m) => ({ default: m.RunbookPage })));
const RunPage = lazy(() => loadRunView().then((m) => ({ default: m.RunPage })));
const RunsPage = lazy(() => import('./pages/RunsPage').then((m) => ({ default: m.RunsPage })));
const WallPage = lazy(() => import('./pages/WallPage').then((m) => ({ default: m.WallPage })));
// The Checks page brings an editor and a chart library.
const ChecksPage = lazy(() => import('./pages/ChecksPage').then((m) => ({ default: m.ChecksPage })));
const SecretsPage = lazy(() => import('./pages/SecretsPage').then((m) => ({ default: m.SecretsPage })));
const PeoplePage = lazy(() => import('./pages/PeoplePage').then((m) => ({ default: m.PeoplePage })));
const MetricsPage = lazy(() => import('./pages/MetricsPage').then((m) => ({ default: m.MetricsPage })));
const ComparePage = lazy(() => import('./pages/ComparePage').then((m) => ({ default: m.ComparePage })));
const ReadinessPage = lazy(() => import('./pages/ReadinessPage').then((m) => ({ default: m.ReadinessPage })));

const NAV = [
  { section: 'runbooks', label: 'Runbooks', icon: IconBook, route: { page: 'runbooks' } },
  { section: 'runs', label: 'Runs', icon: IconListDetails, route: { page: 'runs' } },
  { section: 'environments', label: 'Environments', icon: IconServer, route: { page: 'environments' } },
  { section: 'checks', label: 'Checks', icon: IconHeartRateMonitor, route: { page: 'checks', tab: 'suites' } },
  { section: 'secrets', label: 'Secrets', icon: IconKey, route: { page: 'secrets' } },
  { section: 'people', label: 'People', icon: IconUsers, route: { page: 'people' } },
  { section: 'audit', label: 'Audit', icon: IconHistory, route: { page: 'audit' } },
  { section: 'metrics', label: 'Metrics', icon: IconChartBar, route: { page: 'metrics' } },
  { section: 'readiness', label: 'Readiness', icon: IconClipboardCheck, route: { page: 'readiness' } },
  { section: 'profile', label: 'Profile', icon: IconUser, route: { page: 'profile' } },
] as const satisfies ReadonlyArray<{ section: string; label: string; icon: unknown; route: Route }>;

export function App() {
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [route, go] = useRoute();

  // The first load takes the profile asked for at launch (main.tsx); later ones ask again.
  const loadProfile = useCallback(() => {
    setError(null);
    launchProfile.take().then(
      (p) => setProfile(p),
      (e: unknown) => setError(AppError.from(e).message),
    );
  }, []);
  useEffect(loadProfile, [loadProfile]);
  useWorkspaceChanged((change) => {
    if (change.entity === 'profile') loadProfile();
  });

  if (error !== null) {
    return (
      <Center h="100vh" p="xl">
        <Stack maw={520}>
          <Alert color="red" title="Could not read the profile" data-testid="error-toast">
            {error}
          </Alert>
          <Group>
            <Button onClick={loadProfile}>Try again</Button>
            <OpenAnotherWorkspace />
          </Group>
        </Stack>
      </Center>
    );
  }
  if (profile === undefined) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (profile === null) return <ProfileSetupPage onSaved={setProfile} />;

  // The wall display is the whole window: no top bar, no navigation.
  if (route.page === 'wall') {
    return (
      <Suspense fallback={<Loader />}>
        <WallPage key={route.id} id={route.id} go={go} />
      </Suspense>
    );
  }

  const current = section(route);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <img src="./favicon.svg" alt="" width={26} height={26} onError={(e) => (e.currentTarget.style.display = 'none')} />
            <Title order={3} fw={800}>
              Runsheet
            </Title>
          </Group>
          <Group gap="md">
            <WorkspaceSwitcher />
            <ThemeSwitch />
            <Group gap="sm" style={{ cursor: 'pointer' }} onClick={() => go({ page: 'profile' })}>
              <Stack gap={0} align="flex-end">
                <Text fw={600} data-testid="header-profile-name">
                  {profile.name}
                </Text>
                {profile.roles.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {profile.roles.join(' · ')}
                  </Text>
                )}
              </Stack>
              <Avatar color="indigo" radius="xl" name={profile.name} />
            </Group>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {NAV.map((item) => (
          <NavLink
            key={item.section}
            label={item.label}
            leftSection={<item.icon size={20} />}
            active={current === item.section}
            onClick={() => go(item.route)}
            data-testid={`nav-${item.section}`}
            fw={500}
            styles={{ label: { fontSize: 'var(--mantine-font-size-md)' } }}
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <ConnectionBanner />
        <Suspense fallback={<Loader />}>
          <Page route={route} go={go} profile={profile} onProfileSaved={setProfile} />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function Page({
  route,
  go,
  profile,
  onProfileSaved,
}: {
  route: Route;
  go: (route: Route) => void;
  profile: Profile;
  onProfileSaved: (profile: Profile) => void;
}) {
  switch (route.page) {
    case 'runbooks':
      return <RunbooksPage go={go} />;
    case 'runbook':
      return <RunbookPage key={route.id} id={route.id} go={go} />;
    case 'runbook-new':
      return <RunbookEditorPage key={`new-${route.kind}`} id={null} kind={route.kind} go={go} />;
    case 'runbook-edit':
      return <RunbookEditorPage key={`edit-${route.id}`} id={route.id} kind="runbook" go={go} />;
    case 'runs':
      return <RunsPage go={go} />;
    case 'run':
    case 'wall':
      return <RunPage key={route.id} id={route.id} go={go} profile={profile} />;
    case 'compare':
      return <ComparePage key={route.id} id={route.id} go={go} />;
    case 'environments':
      return <EnvironmentsPage />;
    case 'checks':
      return <ChecksPage tab={route.tab} go={go} />;
    case 'people':
      return <PeoplePage />;
    case 'metrics':
      return <MetricsPage />;
    case 'readiness':
      return <ReadinessPage />;
    case 'secrets':
      return <SecretsPage />;
    case 'audit':
      return <AuditPage />;
    case 'profile':
      return <ProfilePage profile={profile} onSaved={onProfileSaved} />;
  }
}

/** On the error screen (a team server that does not answer at start, say): open another workspace instead. */
function OpenAnotherWorkspace() {
  const [connecting, setConnecting] = useState<string | null>(null);
  return (
    <>
      <WorkspaceMenu current={undefined} onConnect={setConnecting}>
        <Button variant="default" data-testid="workspace-switcher">
          Open another workspace…
        </Button>
      </WorkspaceMenu>
      {connecting !== null && <ConnectDialog url={connecting} onClose={() => setConnecting(null)} />}
    </>
  );
}
