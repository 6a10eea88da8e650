import { Prefetch } from '../lib/prefetch';
import { call } from './invoke';
import type { Profile } from './types';

export const getProfile = () => call<Profile | null>('get_profile');
/** The profile asked for at launch: the first screen is the shell with it, or the profile form. */
export const launchProfile = new Prefetch(getProfile);
export const saveProfile = (profile: Profile) => call<Profile>('save_profile', { profile });
