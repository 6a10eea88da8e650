import { ActionIcon, Box, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { StepCommand } from '../ipc/types';

/** A command to copy into a terminal, with its label and a copy button. */
export function CommandBlock({ command, testId }: { command: StepCommand; testId?: string }) {
  return (
    <Box data-testid={testId}>
      {(command.label || command.language) && (
        <Group gap="xs" mb={2}>
          {command.label && <Text size="sm" fw={500}>{command.label}</Text>}
          {command.language && <Text size="xs" c="dimmed">{command.language}</Text>}
        </Group>
      )}
      <Box pos="relative">
        <Code block pr={44} fz="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {command.command}
        </Code>
        <CopyButton value={command.command} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow position="left">
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                pos="absolute"
                top={6}
                right={6}
                aria-label="Copy command"
                data-testid="copy-command"
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Box>
    </Box>
  );
}
