import { Badge, ColorSwatch, Group, type MantineSize } from '@mantine/core';
import type { Environment, Tier } from '../ipc/types';

export const TIER_COLOUR: Record<Tier, string> = {
  dev: 'cyan',
  staging: 'yellow',
  production: 'red',
  other: 'gray',
};

export const TIER_LABEL: Record<Tier, string> = {
  dev: 'Dev',
  staging: 'Staging',
  production: 'Production',
  other: 'Other',
};

/** An environment's name coloured by tier (named too, unless the name is the tier), with its blue/green side; a name
 * alone when the environment is gone. */
export function EnvironmentBadge({
  name,
  environment,
  size = 'md',
  showTier = true,
}: {
  name: string;
  environment?: Environment | null;
  size?: MantineSize;
  showTier?: boolean;
}) {
  if (!name) {
    return (
      <Badge variant="outline" color="gray" size={size}>
        No environment
      </Badge>
    );
  }
  const tier = environment?.tier ?? 'other';
  return (
    <Badge
      size={size}
      color={TIER_COLOUR[tier]}
      variant={tier === 'production' ? 'filled' : 'light'}
      tt="uppercase"
      data-testid="environment-badge"
      leftSection={
        environment?.colour ? (
          <ColorSwatch size={10} color={`var(--mantine-color-${environment.colour}-5)`} withShadow={false} />
        ) : undefined
      }
    >
      <Group gap={4} wrap="nowrap">
        {name}
        {/* "production · production" says nothing twice: the tier shows only when the name does not already say it. */}
        {environment && showTier && name.trim().toLowerCase() !== tier && <span style={{ opacity: 0.75 }}>· {TIER_LABEL[tier]}</span>}
      </Group>
    </Badge>
  );
}
