/**
 * Runs `f` once the next frame has been painted: in a task queued from that frame's animation callback. Without
 * animation frames (the unit tests' DOM), in the next task.
 */
export function afterNextFrame(f: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(f, 0));
  else setTimeout(f, 0);
}
