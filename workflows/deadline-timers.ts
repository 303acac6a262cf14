import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import { ALARM_BEFORE_ITS_TASK } from './messages';
import { alarmKey, fireAlarms, type Actor, type Alarm, type DomainEvent, type ProcedureState, type WorkingCalendar } from '../domain';

interface Timer {
  scope: CancellationScope;
  fired: Promise<boolean>;
}

/**
 * v9's deadline watcher: reminders before each duty's due date, escalation after it, R-66's
 * delay flag (domain/deadlines.ts), each recorded when its durable timer fires.
 *
 * A timer is started for the nearest alarm only, and kept as long as some pending alarm is due
 * at its instant: R-66's limit, armed at the start, is not cancelled when the legality review's
 * reply date comes first and started again once the opinion is in. A timer no pending alarm
 * needs any more is cancelled, so it never fires for nothing. When the procedure closes the
 * watcher stops without cancelling: the workflow completes in that task and its timers with it.
 */
export async function keepDeadlineTimers(
  get: () => ProcedureState,
  cal: () => WorkingCalendar,
  /** The pending alarms of the current state, soonest first, worked out once per change. */
  pending: () => Alarm[],
  record: (e: DomainEvent[]) => void,
  systemActor: (s: ProcedureState) => Actor,
): Promise<void> {
  const timers = new Map<number, Timer>();
  const arm = (at: number): Timer => {
    const scope = new CancellationScope();
    const fired = scope.run(() => sleep(Math.max(1, at - Date.now()))).then(
      () => true,
      (err: unknown) => {
        if (isCancellation(err)) return false;
        throw err;
      },
    );
    const t = { scope, fired };
    timers.set(at, t);
    return t;
  };
  for (;;) {
    const s = get();
    if (s.stage === 'closed') return;
    const alarms = pending();
    const needed = new Set(alarms.map((a) => Date.parse(a.at)));
    for (const [at, t] of timers) {
      if (needed.has(at)) continue;
      t.scope.cancel();
      timers.delete(at);
    }
    const alarm = alarms[0];
    const key = alarmKey(alarm);
    const moved = () => get().stage !== 'closed' && alarmKey(pending()[0]) !== key;
    const closed = () => get().stage === 'closed';
    if (!alarm) {
      await condition(() => moved() || closed());
      continue;
    }
    const due = Date.parse(alarm.at);
    const timer = timers.get(due) ?? arm(due);
    const woke = await Promise.race([timer.fired.then((f) => (f ? 'fired' : 'cancelled')), condition(() => moved() || closed()).then(() => 'changed')]);
    if (woke !== 'fired') continue;
    timers.delete(due);
    // As in watchDeadlines since v6 (alarmsWaitForClock): a fired timer seen on a clock behind it
    // is outside a workflow task; fail the activation, so the next task replays it in order.
    if (Date.now() < due) throw new AlarmBeforeItsTask(alarm.at);
    const fired = fireAlarms(get(), cal(), alarm.at, systemActor(get()));
    if (fired.length > 0) record(fired);
    else await condition(() => moved() || closed()); // nothing was due after all: never spin on it
  }
}

/** A fired alarm seen on a clock that has not reached it: outside a workflow task (see its use). */
export class AlarmBeforeItsTask extends Error {
  constructor(at: string) {
    super(`alarm due ${at} fired on a clock behind it: the run is dropped and replayed in its task`);
    this.name = ALARM_BEFORE_ITS_TASK;
  }
}
