import { ActionIcon, Tooltip, useMantineColorScheme } from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';

const NEXT = { auto: 'light', light: 'dark', dark: 'auto' } as const;
const LABEL = { auto: 'Theme: follows the system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/**
 * The colour scheme: follows the OS by default; a click goes light → dark → back to the system's. Mantine keeps the
 * choice in this machine's local storage.
 */
export function ThemeSwitch() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const Icon = colorScheme === 'dark' ? IconMoon : colorScheme === 'light' ? IconSun : IconDeviceDesktop;
  return (
    <Tooltip label={`${LABEL[colorScheme]} (click to change)`}>
      <ActionIcon
        variant="default"
        size="lg"
        radius="xl"
        onClick={() => setColorScheme(NEXT[colorScheme])}
        aria-label={LABEL[colorScheme]}
        data-testid="theme-switch"
        data-scheme={colorScheme}
      >
        <Icon size={18} />
      </ActionIcon>
    </Tooltip>
  );
}
