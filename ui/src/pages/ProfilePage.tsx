import { Code, Grid, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ProfileForm } from '../components/ProfileForm';
import { showDone } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { appInfo } from '../ipc/app';
import type { Profile } from '../ipc/types';

export function ProfilePage({ profile, onSaved }: { profile: Profile; onSaved: (profile: Profile) => void }) {
  const info = useAsync(appInfo, [], 'App info');
  return (
    <Stack maw={900}>
      <Title order={2}>Profile</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="lg">
            {info.data?.team_login ? (
              // On a team workspace the server says who this is: the login's person, changed by an admin.
              <Stack gap="xs" data-testid="team-profile">
                <Title order={4}>{profile.name}</Title>
                <Text c="dimmed">{profile.roles.join(' · ') || 'No roles'}</Text>
                <Text size="sm">
                  On a team workspace you are who your server login is ({info.data.team_login}). Every change you make is
                  recorded as {profile.name}; an admin of the workspace changes a person&apos;s name or roles.
                </Text>
              </Stack>
            ) : (
              <ProfileForm
                profile={profile}
                submitLabel="Save profile"
                onSaved={(p) => {
                  onSaved(p);
                  showDone('Profile saved');
                }}
              />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="lg" data-testid="app-info">
            <Title order={4} mb="sm">
              About Runsheet
            </Title>
            {info.data ? (
              <Table>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th>Version</Table.Th>
                    <Table.Td data-testid="app-version">{info.data.version}</Table.Td>
                  </Table.Tr>
                  {info.data.team && (
                    <Table.Tr>
                      <Table.Th>Team workspace</Table.Th>
                      <Table.Td data-testid="team-workspace">
                        <Code style={{ wordBreak: 'break-all' }}>{info.data.workspace}</Code>
                        {info.data.team_login ? ` as ${info.data.team_login}` : ' as its owner'}
                      </Table.Td>
                    </Table.Tr>
                  )}
                  <Table.Tr>
                    <Table.Th>Data directory</Table.Th>
                    <Table.Td>
                      <Code>{info.data.data_dir}</Code>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Log directory</Table.Th>
                    <Table.Td>
                      <Code>{info.data.log_dir}</Code>
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            ) : (
              <Text c="dimmed">{info.error ? info.error.message : 'Loading…'}</Text>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
