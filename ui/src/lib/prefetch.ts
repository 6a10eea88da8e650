/**
 * A request made at launch, before the first render, whose answer the first screen shows. Launch asks for the
 * profile and the runbook list this way, side by side, while React starts: the shell's first load then takes the
 * profile already asked for (`take`), and the runbook page renders the list in its first render if it has arrived
 * (`ready`), instead of a spinner first.
 *
 * The answer is used at most once, and only while it is under a second old: anything later asks again, so a
 * reload never shows the launch's answer.
 */
/** A launch request: when it was made, its answer, and the answer's value once it has arrived. */
type Early<T> = { at: number; answer: Promise<T>; value?: { value: T } };

export class Prefetch<T> {
  private early: Early<T> | null = null;

  constructor(private readonly load: () => Promise<T>) {}

  /** Asks now. Called once, from `main.tsx`. */
  start(): void {
    const answer = this.load();
    const early: Early<T> = { at: performance.now(), answer };
    // A failure is reported by the screen that uses the answer, through `take`, not here.
    answer.then(
      (value) => {
        early.value = { value };
      },
      () => {},
    );
    this.early = early;
  }

  /** Resolves once the launch's request has an answer, or failed; at once if there is none. */
  settled(): Promise<void> {
    const early = this.early;
    return early
      ? early.answer.then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve();
  }

  /** The launch's answer if it has arrived and is fresh, for a first render; it is then used up. */
  ready(): { value: T } | undefined {
    const early = this.fresh();
    if (early?.value === undefined) return undefined;
    this.early = null;
    return early.value;
  }

  /** The launch's request if it is fresh (it is then used up), else a new one. */
  take = (): Promise<T> => {
    const early = this.fresh();
    this.early = null;
    return early ? early.answer : this.load();
  };

  private fresh() {
    const early = this.early;
    return early && performance.now() - early.at < 1000 ? early : null;
  }
}
