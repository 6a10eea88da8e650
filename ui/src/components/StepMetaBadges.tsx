import { Badge } from '@mantine/core';
import { IconClock, IconUser } from '@tabler/icons-react';
import type { Step } from '../ipc/types';
import { formatMinutes, plannedLabel } from '../lib/time';

/** A step's owner role, planned start and expected duration, as badges (each only when set). */
export function StepMetaBadges({ step, plannedPrefix = '' }: { step: Step; plannedPrefix?: string }) {
  const planned = plannedLabel(step);
  return (
    <>
      {step.owner_role && (
        <Badge variant="outline" leftSection={<IconUser size={12} />}>
          {step.owner_role}
        </Badge>
      )}
      {planned && (
        <Badge variant="light" color="gray" leftSection={<IconClock size={12} />}>
          {plannedPrefix}
          {planned}
        </Badge>
      )}
      {step.duration_min !== null && (
        <Badge variant="light" color="gray">
          {formatMinutes(step.duration_min)}
        </Badge>
      )}
    </>
  );
}
