import { Alert, AppShell, Avatar, Button, Center, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { IconBook, IconHeartRateMonitor, IconHistory, IconKey, IconListDetails, IconServer, IconUser, IconUsers } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useRoute } from './hooks/useRoute';
import { useWorkspaceChanged } from './hooks/useWorkspaceChanged';
import { AppError } from './ipc/invoke';
import { getProfile } from './ipc/profile';
import type { Profile } from './ipc/types';
import { section, type Route } from './lib/route';
import { AuditPage } from './pages/AuditPage';
import { EnvironmentsPage } from './pages/EnvironmentsPage';
import { ProfilePage } from './pages/ProfilePage';
import { ProfileSetupPage } from './pages/ProfileSetupPage';
import { RunbookEditorPage } from './pages/RunbookEditorPage';
import { RunbookPage } from './pages/RunbookPage';
import { RunbooksPage } from './pages/RunbooksPage';
import { RunPage } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';

// The Checks page brings an editor and a chart library: loaded on first visit so the first screen stays light.
const ChecksPage = lazy(() => import('./pages/ChecksPage').then((m) => ({ default: m.ChecksPage })));
const SecretsPage = lazy(() => import('./pages/SecretsPage').then((m) => ({ default: m.SecretsPage })));
const PeoplePage = lazy(() => import('./pages/PeoplePage').then((m) => ({ default: m.PeoplePage })));

const NAV = [
  { section: 'runbooks', label: 'Runbooks', icon: IconBook, route: { page: 'runbooks' } },
  { section: 'runs', label: 'Runs', icon: IconListDetails, route: { page: 'runs' } },
  { section: 'environments', label: 'Environments', icon: IconServer, route: { page: 'environments' } },
  { section: 'checks', label: 'Checks', icon: IconHeartRateMonitor, route: { page: 'checks', tab: 'suites' } },
  { section: 'secrets', label: 'Secrets', icon: IconKey, route: { page: 'secrets' } },
  { section: 'people', label: 'People', icon: IconUsers, route: { page: 'people' } },
  { section: 'audit', label: 'Audit', icon: IconHistory, route: { page: 'audit' } },
  { section: 'profile', label: 'Profile', icon: IconUser, route: { page: 'profile' } },
] as const satisfies ReadonlyArray<{ section: string; label: string; icon: unknown; route: Route }>;

export function App() {
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [route, go] = useRoute();

  const loadProfile = useCallback(() => {
    setError(null);
    getProfile().then(setProfile, (e: unknown) => setError(AppError.from(e).message));
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
          <Button onClick={loadProfile}>Try again</Button>
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
        <Page route={route} go={go} profile={profile} onProfileSaved={setProfile} />
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
      return <RunPage key={route.id} id={route.id} go={go} profile={profile} />;
    case 'environments':
      return <EnvironmentsPage />;
    case 'checks':
      return (
        <Suspense fallback={<Loader />}>
          <ChecksPage tab={route.tab} go={go} />
        </Suspense>
      );
    case 'people':
      return (
        <Suspense fallback={<Loader />}>
          <PeoplePage />
        </Suspense>
      );
    case 'secrets':
      return (
        <Suspense fallback={<Loader />}>
          <SecretsPage />
        </Suspense>
      );
    case 'audit':
      return <AuditPage />;
    case 'profile':
      return <ProfilePage profile={profile} onSaved={onProfileSaved} />;
  }
}
