/**
 * Changes to the released workflow, each behind `patched(id)` so histories
 * recorded before it still replay (ARCHITECTURE decision 7). Never rename or
 * remove an id while a history that predates it may still be replayed.
 */
export const PATCHES = {
  /** v2: events recorded outside updates are also written to the memo. */
  domainEventsInMemo: 'domain-events-in-memo',
  /** v3: notices of every event (domain/notices.ts) go to the dispatcher by one local activity. */
  noticesViaDispatcher: 'notices-via-dispatcher',
  /** v4: reminders and escalation before and after every duty's due date, R-66 among them. */
  deadlineAlarms: 'deadline-alarms',
  /**
   * v5: an alarm's timer, once fired, fires what is due at the alarm's own time, not at the
   * workflow's clock. That clock can lag on the first run of a task retried after a worker
   * died (it then still reads an earlier task's time) and not on replay, so reading it here
   * made the two disagree (bench/RESULTS.md, fault injection).
   */
  alarmsAtOwnTime: 'alarms-at-own-time',
} as const;

/**
 * Changes since v6 are chosen by the version a procedure starts under (its input's `version`),
 * not by more patch markers: a marker is a command and, through the SDK's `TemporalChangeVersion`
 * search attribute, a second one, and a first task with more than ten command events makes the
 * server keep the empty task of every refused command in the history
 * (`DiscardSpeculativeWorkflowTaskMaximumEventsCount`). New procedures start under this version;
 * continue-as-new and amendments carry it. Procedures without one keep their recorded behaviour.
 */
export const WORKFLOW_VERSION = 10;

/**
 * v6: once an alarm's timer has fired, nothing is emitted until the workflow clock has reached
 * the alarm's time. A query handed to a worker that does not have the procedure cached can carry
 * a history that ends with the fired timer; Core then runs the timer's activation live, outside
 * any workflow task, on the previous task's clock, and keeps what it emits for the next task,
 * where a command's update is accepted after it. A replay delivers the timer and the update in
 * one activation, update first: the histories diverged (test/faults/query-after-timer.test.ts).
 */
export const alarmsWaitForClock = (version: number | undefined): boolean => (version ?? 0) >= 6;

/**
 * v7: the changes v2–v5 made behind patch markers (PATCHES) are simply on, with no marker: each
 * `patched()` wrote a MarkerRecorded and a `TemporalChangeVersion` upsert into every new
 * procedure's first task, six commands of its ten. Procedures started before keep their markers.
 * Nor is the start event copied into the memo (a seventh command, 4 KB in every list row): the
 * input holds all it is made of, receipt time included, and the audit computes it from there.
 */
export const patchesWithoutMarkers = (version: number | undefined): boolean => (version ?? 0) >= 7;

/**
 * v8: notices leave by the worker's relay after the task completes (workflows/notice-sink.ts),
 * not by a local activity that signals a dispatcher workflow while the command's task waits.
 * A procedure's history no longer records a marker per batch, and no dispatcher history grows
 * with its deliveries. Procedures started before keep the dispatcher.
 */
export const noticesBySink = (version: number | undefined): boolean => (version ?? 0) >= 8;

/**
 * v9: the deadline watcher keeps a timer while some pending alarm is still due at its instant,
 * rather than cancelling it whenever a nearer alarm appears and starting it again when that one
 * is done (R-66's limit, armed at the start, outlives the legality review's reply date); and the
 * close leaves its timers pending: the workflow completes in the same task, and a completed
 * workflow's timers end with it, so cancelling them was an event with no effect
 * (workflows/deadline-timers.ts). Also since v9, though it needs no version: the API sets a new
 * procedure's search attributes at its start, and the first task upserts only what differs.
 */
export const timersKept = (version: number | undefined): boolean => (version ?? 0) >= 9;

/**
 * v10: the `StageEntries` search attribute says when the procedure entered each stage (the
 * dashboard's time spent in each stage, domain/stage-times.ts). It changes only with the stage,
 * so it is written in the stage's own upsert: no event more. Earlier procedures do not index it:
 * their first task compares the attributes the starter set, without it, and would upsert.
 */
export const stageEntriesIndexed = (version: number | undefined): boolean => (version ?? 0) >= 10;
