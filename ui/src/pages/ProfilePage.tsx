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
            <ProfileForm
              profile={profile}
              submitLabel="Save profile"
              onSaved={(p) => {
                onSaved(p);
                showDone('Profile saved');
              }}
            />
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
