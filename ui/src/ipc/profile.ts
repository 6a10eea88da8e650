import { call } from './invoke';
import type { Profile } from './types';

export const getProfile = () => call<Profile | null>('get_profile');
export const saveProfile = (profile: Profile) => call<Profile>('save_profile', { profile });
