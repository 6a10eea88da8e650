// Changes this window makes itself, such as ticking a step. The command's answer is applied at once; meanwhile the
// workspace events it causes wait until that answer has been painted, so the reloads they start (forecast, audit,
// claims…) do not delay the tick on screen. The audit head a change ends at is remembered, so the watcher's later
// report of that same change reloads nothing.

import { afterNextFrame } from '../lib/frames';

let inFlight = 0;
let ownHead = -1;
const waiting: Array<() => void> = [];


function flush() {
  if (inFlight > 0) return;
  for (const deliver of waiting.splice(0)) deliver();
}

/** Runs a change of this window's; `headOf` gives the audit head the change ended at, when the answer has it. */
export async function ownChange<T>(work: () => Promise<T>, headOf?: (answer: T) => number): Promise<T> {
  inFlight += 1;
  try {
    const answer = await work();
    if (headOf) ownHead = Math.max(ownHead, headOf(answer));
    return answer;
  } finally {
    inFlight -= 1;
    if (inFlight === 0) afterNextFrame(flush);
  }
}

/** Delivers an event now, or, while a change of this window's is in flight, once its answer has been painted.
 * `own` says whether the event arrived during such a change (so it is most likely that change's own event). */
export function deliverWhenSettled(deliver: (own: boolean) => void): void {
  if (inFlight === 0) deliver(false);
  else waiting.push(() => deliver(true));
}

/** Whether the workspace's audit head is the one this window's last change left: nothing happened since. */
export function isOwnHead(auditHead: number): boolean {
  return auditHead === ownHead;
}
