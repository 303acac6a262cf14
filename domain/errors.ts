import type { Role } from './actor';

/** A text people read: zh-CN first, with English (docs/rules.md §3). */
export interface Bilingual {
  zh: string;
  en: string;
}

/** What separates the two halves of a bilingual text on the wire: `中文 / English`. */
export const BILINGUAL_SEPARATOR = ' / ';

/**
 * The wire form of a bilingual text, `中文 / English`. The Chinese half never holds the
 * separator (a name a person typed with ' / ' in it is written '/' there), so the text
 * splits back on its first one.
 */
export function bilingual(t: Bilingual): string {
  return `${t.zh.split(BILINGUAL_SEPARATOR).join('/')}${BILINGUAL_SEPARATOR}${t.en}`;
}

/**
 * The two halves of a wire text, split on its first ' / ' outside brackets. A text without one
 * is both: one recorded before messages were bilingual, or one whose English sat inside the
 * Chinese brackets (older histories: `…（须先完成：… / waits on legality.submission）`).
 */
export function splitBilingual(message: string): Bilingual {
  let depth = 0;
  for (let i = 0; i < message.length; i += 1) {
    const c = message[i];
    if (c === '（' || c === '(') depth += 1;
    else if ((c === '）' || c === ')') && depth > 0) depth -= 1;
    else if (depth === 0 && message.startsWith(BILINGUAL_SEPARATOR, i)) {
      return { zh: message.slice(0, i), en: message.slice(i + BILINGUAL_SEPARATOR.length) };
    }
  }
  return { zh: message, en: message };
}

/** One thing that must happen before a command is allowed, and who must do it. */
export interface MissingItem {
  /** Stable machine name of the missing step, e.g. `participation.adoptionReport`. */
  item: string;
  /** The rule that requires it, e.g. `R-13`. */
  ruleId: string;
  /** The party that must act. */
  responsible: { role: Role; unit?: string };
  /** What a person reads: `中文 / English` (bilingual(), split back by splitBilingual()). */
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
