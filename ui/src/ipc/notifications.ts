import { call } from './invoke';
import type { NotificationRecord } from '../bindings/notification';

/** Deliveries of a run's notifications (or all), newest first. */
export const listNotifications = (runId: number | null) => call<NotificationRecord[]>('list_notifications', { runId });
