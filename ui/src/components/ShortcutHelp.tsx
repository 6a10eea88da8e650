import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { SHORTCUTS } from '../lib/shortcuts';

/** The keyboard shortcuts of the run view. */
export function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" centered data-testid="shortcut-help">
      <Table verticalSpacing={6}>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.command}>
              <Table.Td w={140}>
                <Group gap={4}>
                  {s.keys.map((k, i) => (
                    <Group gap={4} key={k}>
                      {i > 0 && <Text size="xs" c="dimmed">or</Text>}
                      <Kbd>{k}</Kbd>
                    </Group>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{s.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        Shortcuts are off while typing in a field or while a dialog is open.
      </Text>
    </Modal>
  );
}
