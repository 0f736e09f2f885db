// One reconcile step, run after every event (Gunicorn's manage_workers, Puma's check_workers): it
// compares the workers there are with the workers there should be and returns the steps that close
// the gap. It is the only place that counts free slots: start, TTIN/TTOU, a crash, a recycle, a
// stuck worker, the batches of a reload and the refill after a rollback all come down to it.
//
// A pure function of a snapshot, so each case can be tested without a process or a timer.

/** One worker (or fork) that counts: booting or serving, nothing decided its end. */
export interface Member {
  readonly key: number;
  /** The slot, 1..workers. */
  readonly id: number;
  readonly state: 'forking' | 'booting' | 'ready';
  readonly spawnedAt: number;
  /** Serving while a successor boots for it (recycle): it no longer holds its slot. */
  readonly replacing: boolean;
}

export interface GenerationView {
  readonly number: number;
  readonly members: readonly Member[];
  /** How many workers it should have. */
  readonly target: number;
}

export interface ReconcileView {
  /** The serving generation. */
  readonly current: GenerationView;
  /** Slots of the serving generation whose respawn waits for its crash backoff. */
  readonly respawning: ReadonlySet<number>;
  /** Crashes in the serving generation (this event) not given a slot yet: refilled with a backoff. */
  readonly owed: number;
  /** The generation a reload is booting, with how many of it boot at a time. */
  readonly next: (GenerationView & { readonly batch: number }) | null;
  /** Serving workers of any other generation: stand-ins left by a rolled-back reload. */
  readonly others: readonly Member[];
}

export type DrainReason = 'scaled-down' | 'replaced' | 'reloaded' | 'rolled-back';

export type Step =
  | { readonly kind: 'spawn'; readonly generation: number; readonly id: number }
  | { readonly kind: 'respawn-later'; readonly id: number }
  | { readonly kind: 'cancel-respawn'; readonly id: number }
  | { readonly kind: 'drain'; readonly key: number; readonly reason: DrainReason }
  | { readonly kind: 'commit' };

const oldestFirst = (a: Member, b: Member): number => a.spawnedAt - b.spawnedAt || a.key - b.key;

/** The lowest `count` slots not in `used`. */
function freeSlots(used: ReadonlySet<number>, count: number): number[] {
  const free: number[] = [];
  for (let id = 1; free.length < count; id++) if (!used.has(id)) free.push(id);
  return free;
}

const holding = (members: readonly Member[]): Member[] => members.filter((m) => !m.replacing);
const readyCount = (members: readonly Member[]): number => members.filter((m) => m.state === 'ready').length;

/**
 * A worker being replaced drains once its successor (a ready worker in its slot) is up, or once its
 * generation has all the ready workers it needs without it.
 */
function retireReplaced(members: readonly Member[], needed: number, steps: Step[]): void {
  const active = holding(members);
  const ready = readyCount(active);
  for (const m of members) {
    if (!m.replacing || m.state !== 'ready') continue;
    if (ready >= needed || active.some((s) => s.id === m.id && s.state === 'ready')) steps.push({ kind: 'drain', key: m.key, reason: 'replaced' });
  }
}

/**
 * The reload's part: a batch boots; once all of it is ready, as many old workers retire and the
 * next batch boots; when the whole target is ready, the reload commits. A failing first batch (the
 * canary) leaves the old generation untouched. Returns how many old workers it still needs.
 */
function reconcileReload(view: ReconcileView, next: NonNullable<ReconcileView['next']>, steps: Step[]): number {
  const active = holding(next.members);
  const ready = readyCount(active);
  if (ready >= next.target) {
    steps.push({ kind: 'commit' });
    return view.current.target;
  }
  retireReplaced(next.members, next.target, steps);
  // Old workers go only as new ones are ready: capacity never dips below the target.
  const oldNeeded = Math.min(view.current.target, next.target - ready);
  if (ready < active.length) return oldNeeded;
  const old = holding(view.current.members).sort(oldestFirst);
  for (const m of old.slice(0, Math.max(0, old.length - (next.target - ready)))) steps.push({ kind: 'drain', key: m.key, reason: 'reloaded' });
  const batch = Math.min(next.batch, next.target - active.length);
  for (const id of freeSlots(new Set(active.map((m) => m.id)), batch)) steps.push({ kind: 'spawn', generation: next.number, id });
  return oldNeeded;
}

export function reconcile(view: ReconcileView): Step[] {
  const steps: Step[] = [];
  const { current } = view;
  // While a reload boots, the serving generation is only refilled (a crash), never scaled down:
  // the reload retires its workers as the new ones become ready.
  const needed = view.next === null ? current.target : reconcileReload(view, view.next, steps);
  if (steps.some((s) => s.kind === 'commit')) return steps;

  const active = holding(current.members);
  const respawning = [...view.respawning].sort((a, b) => b - a);
  let have = active.length + respawning.length;
  if (have < needed) {
    let owed = view.owed;
    for (const id of freeSlots(new Set([...active.map((m) => m.id), ...respawning]), needed - have)) {
      steps.push(owed-- > 0 ? { kind: 'respawn-later', id } : { kind: 'spawn', generation: current.number, id });
    }
  } else if (have > needed && view.next === null) {
    for (const id of respawning) {
      if (have <= needed) break;
      steps.push({ kind: 'cancel-respawn', id });
      have--;
    }
    for (const m of [...active].sort(oldestFirst).slice(0, have - needed)) steps.push({ kind: 'drain', key: m.key, reason: 'scaled-down' });
  }
  retireReplaced(current.members, needed, steps);

  // Stand-ins of a rolled-back generation serve only while the serving one is short of ready workers.
  const keep = Math.max(0, needed - readyCount(active));
  const standing = view.others.filter((m) => m.state === 'ready' && !m.replacing);
  for (const m of view.others) {
    if (!standing.slice(0, keep).includes(m)) steps.push({ kind: 'drain', key: m.key, reason: 'rolled-back' });
  }
  return steps;
}
