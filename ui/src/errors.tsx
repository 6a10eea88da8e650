import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { AppError } from './ipc/invoke';

const TITLE: Record<AppError['kind'], string> = {
  invalid: 'Not accepted',
  not_found: 'Not found',
  conflict: 'Conflict',
  storage: 'Storage error',
  corrupt: 'Workspace damaged',
  refused: 'Refused',
  keyring: 'Keyring unavailable',
  internal: 'Something went wrong',
};

/** Shows an error as a notification that stays until dismissed. */
export function showError(error: unknown, context?: string): void {
  const e = AppError.from(error);
  notifications.show({
    color: 'red',
    title: context ? `${context}: ${TITLE[e.kind].toLowerCase()}` : TITLE[e.kind],
    message: e.message,
    icon: <IconAlertTriangle size={18} />,
    autoClose: e.kind === 'invalid' || e.kind === 'conflict' ? 8000 : false,
    withBorder: true,
    ...({ 'data-testid': 'error-toast' } as object),
  });
}

/** Shows a short confirmation. */
export function showDone(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 2500 });
}
