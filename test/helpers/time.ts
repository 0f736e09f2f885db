// Every deadline a test waits against goes through scaled(): TSGUN_TEST_TIME_SCALE (default 1)
// stretches them all on a slow or loaded machine (e.g. 3 while other work keeps both cores busy).
// It only moves deadlines: waits end on events, so a passing run takes no longer with a larger
// factor. The variable is the test runner's, never tsgun's: helpers strip TSGUN_* from the
// environment of the processes they start (cleanEnv in cli.ts), so the config validator never sees it.

const NAME = 'TSGUN_TEST_TIME_SCALE';

function readScale(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`${NAME} must be a number above 0 (got ${JSON.stringify(raw)})`);
  return scale;
}

/** The factor in force for this test process. */
export const TIME_SCALE = readScale(process.env[NAME]);

/** `ms` of nominal time (what the deadline is on a quiet machine), stretched by the factor. */
export function scaled(ms: number): number {
  return Math.round(ms * TIME_SCALE);
}
