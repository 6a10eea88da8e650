import { IconClock, IconMessage, IconUser } from '@tabler/icons-react';
import { forwardRef, memo, type CSSProperties, type ReactNode } from 'react';
import type { RunStep, Step } from '../ipc/types';
import { theme } from '../theme';
import { elapsedMs, formatDuration, formatMinutes, formatTime, isOverrun, plannedLabel } from '../lib/time';
import { STEP_COLOUR, STEP_LABEL, StepStateIcon } from './stateStyle';

/** The theme's primary colour: a Mantine `Badge` without a colour takes it. */
const PRIMARY = theme.primaryColor ?? 'blue';

type Props = {
  step: Step;
  state: RunStep;
  /** phase.step, `4.3`. */
  number: string;
  selected: boolean;
  /** The current time, for the timer of a step in progress. */
  now: number;
  onSelect: (stepId: number) => void;
  /** Who said "I'm on it" for this step, if anyone. */
  claimedBy?: string | null;
};

type BadgeVariant = 'light' | 'filled' | 'outline';

/** The colours Mantine's variant colour resolver gives a badge of a theme colour, one object per pair. */
const badgeStyles = new Map<string, CSSProperties>();
function badgeStyle(variant: BadgeVariant, colour: string): CSSProperties {
  const key = `${variant} ${colour}`;
  let style = badgeStyles.get(key);
  if (!style) {
    const c = `--mantine-color-${colour}`;
    style =
      variant === 'light'
        ? { background: `var(${c}-light)`, color: `var(${c}-light-color)` }
        : variant === 'filled'
          ? { background: `var(${c}-filled)`, color: 'var(--mantine-color-white)' }
          : { color: `var(${c}-outline)`, borderColor: `var(${c}-outline)` };
    badgeStyles.set(key, style);
  }
  return style;
}

/** A badge in a step row: Mantine's `Badge` look (app.css, `.row-badge`) as two plain elements. */
function RowBadge({ size, variant, colour, icon, title, testid, numeric = false, children }: {
  size: 'sm' | 'lg';
  variant: BadgeVariant;
  colour: string;
  icon?: ReactNode;
  title?: string;
  testid?: string;
  /** Digits of one width, so that a ticking timer does not jitter. */
  numeric?: boolean;
  children: ReactNode;
}) {
  return (
    <span
      className="row-badge"
      data-size={size}
      data-variant={variant}
      style={badgeStyle(variant, colour)}
      title={title}
      data-testid={testid}
      data-numeric={numeric || undefined}
    >
      {icon}
      <span className="row-badge-label">{children}</span>
    </span>
  );
}

/** A theme colour as Mantine's `c` prop gives it to text. */
const textColour = (colour: string) => (colour === 'gray' ? 'var(--mantine-color-dimmed)' : `var(--mantine-color-${colour}-text)`);

/**
 * One step of a run (a native `title` stands in for tooltips: a run can hold 2,000 rows): state, title, owner,
 * planned and actual time, who and when, reason, notes. Plain elements styled by app.css (`.step-row`), not
 * Mantine components: a row is rendered on every tick and every row scrolled into a long run, and Mantine's
 * per-component props, styles and CSS variables made each one several times the work.
 */
export const StepRow = memo(
  forwardRef<HTMLDivElement, Props>(function StepRow({ step, state, number, selected, now, onSelect, claimedBy = null }, ref) {
    const planned = plannedLabel(step);
    const running = state.state === 'in_progress';
    const actual = state.started_at ? elapsedMs(state.started_at, running ? null : state.ended_at, now) : null;
    const over = isOverrun(actual, step.duration_min);
    const colour = STEP_COLOUR[state.state];
    const id = step.id ?? 0;

    return (
      <div
        ref={ref}
        className="step-row"
        data-testid={`step-row-${id}`}
        data-state={state.state}
        data-selected={selected ? 'true' : 'false'}
        aria-selected={selected}
        role="option"
        onClick={() => onSelect(id)}
        style={{ ['--step-colour' as string]: `var(--mantine-color-${colour}-filled)` }}
      >
        <div className="step-row-icon">
          <StepStateIcon state={state.state} size={30} />
        </div>
        <div className="step-row-body">
          <div className="step-row-top">
            <p className="step-title">
              <span className="step-number">{number} </span>
              {step.title}
            </p>
            {/* The times never shrink: a long title wraps instead, so badges never read "01…". */}
            <div className="step-row-times">
              {planned && (
                <RowBadge size="lg" variant="light" colour="gray" icon={<IconClock size={14} />} title="Planned start">
                  {planned}
                </RowBadge>
              )}
              {(actual !== null || step.duration_min !== null) && (
                <RowBadge
                  size="lg"
                  variant={running ? 'filled' : 'light'}
                  colour={over ? 'red' : running ? 'blue' : 'gray'}
                  testid={`step-timer-${id}`}
                  title="Actual / planned duration"
                  numeric
                >
                  {actual !== null ? formatDuration(actual) : '–'}
                  {step.duration_min !== null && ` / ${formatMinutes(step.duration_min)}`}
                </RowBadge>
              )}
            </div>
          </div>
          <div className="step-row-meta">
            <span className="step-row-state" style={{ color: textColour(colour) }}>
              {STEP_LABEL[state.state]}
            </span>
            {step.owner_role && (
              <RowBadge size="sm" variant="outline" colour={PRIMARY} icon={<IconUser size={11} />}>
                {step.owner_role}
              </RowBadge>
            )}
            {state.actor && state.state !== 'pending' && (
              <span className="step-row-dimmed">
                {state.actor}
                {(state.ended_at ?? state.started_at) && ` · ${formatTime(state.ended_at ?? state.started_at)}`}
              </span>
            )}
            {claimedBy && (
              <RowBadge size="sm" variant="light" colour="teal" testid={`step-claimed-${id}`}>
                {claimedBy} is on it
              </RowBadge>
            )}
            {state.notes.length > 0 && (
              <span className="step-row-notes">
                <IconMessage size={14} />
                <span className="step-row-dimmed">{state.notes.length}</span>
              </span>
            )}
          </div>
          {state.reason && state.state !== 'pending' && state.state !== 'done' && (
            <p className="step-row-reason" style={{ color: textColour(colour) }} data-testid={`step-reason-${id}`}>
              “{state.reason}”
            </p>
          )}
        </div>
      </div>
    );
  }),
);
