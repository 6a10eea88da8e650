import { call } from './invoke';
import type { SecretName } from './types';

// Values go to the OS keyring and are never read back: there is no command that returns one.
export const listSecrets = () => call<SecretName[]>('list_secrets');
export const setSecret = (name: string, value: string) => call<SecretName>('set_secret', { name, value });
export const deleteSecret = (name: string) => call<null>('delete_secret', { name });
