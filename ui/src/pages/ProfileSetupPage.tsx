import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { ProfileForm } from '../components/ProfileForm';
import type { Profile } from '../ipc/types';

/** The first screen of a new workspace: who is using it. */
export function ProfileSetupPage({ onSaved }: { onSaved: (profile: Profile) => void }) {
  return (
    <Center mih="100vh" p="xl" data-testid="profile-setup">
      <Paper withBorder shadow="md" p="xl" radius="lg" w={520}>
        <Stack>
          <div>
            <Title order={1}>Welcome to Runsheet</Title>
            <Text c="dimmed" mt={4}>
              Tell us who you are. Your name is recorded with every step you tick off, skip or note.
            </Text>
          </div>
          <ProfileForm profile={null} submitLabel="Get started" onSaved={onSaved} />
        </Stack>
      </Paper>
    </Center>
  );
}
