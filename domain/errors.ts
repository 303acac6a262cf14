import type { Role } from './actor';

/** One thing that must happen before a command is allowed, and who must do it. */
export interface MissingItem {
  /** Stable machine name of the missing step, e.g. `participation.adoptionReport`. */
  item: string;
  /** The rule that requires it, e.g. `R-13`. */
  ruleId: string;
  /** The party that must act. */
  responsible: { role: Role; unit?: string };
  /** What a person reads, zh-CN. */
  message: string;
  /**
   * the missing item this one waits on (e.g. the legality opinion waits on the
   * submission); it is then owed by the party that owes that item, who can act now.
   */
  waitingOn?: string;
}

export type DomainErrorCode =
  | 'STEP_MISSING' // a gate found missing items (409)
  | 'NOT_ALLOWED' // wrong role or unit (403)
  | 'PERIOD_NOT_ELAPSED' // a statutory period is still running (409)
  | 'INVALID_TRANSITION' // the command makes no sense in this stage (409)
  | 'OUT_OF_SCOPE'
  | 'INVALID_INPUT'; // input valid in shape but not in substance (400)

/** The one error of the domain: a code, the rules it rests on, and every missing item. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly ruleIds: string[] = [],
    readonly missing: MissingItem[] = [],
    /**
     * STEP_MISSING only: whether the actor is a responsible party of the procedure. Refusals of
     * outsiders (the public, an expert no panel names…) are not recorded in its history and
     * notify nobody (docs/rules.md §3); the API logs them in its refusal log.
     */
    readonly actorResponsible?: boolean,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
