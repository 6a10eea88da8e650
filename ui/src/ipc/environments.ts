import { call } from './invoke';
import type { Environment } from './types';

export const listEnvironments = () => call<Environment[]>('list_environments');
export const saveEnvironment = (environment: Environment) => call<Environment>('save_environment', { environment });
export const deleteEnvironment = (id: number) => call<null>('delete_environment', { id });
