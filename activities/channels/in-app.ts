import type { Party } from '../../domain';
import type { InAppInbox } from '../in-app-inbox';

/**
 * The in-app channel over the existing inbox (activities/in-app-inbox.ts). The inbox is the
 * party's desk — a role in a unit — so a notice lands there once per party, not once per
 * person: everyone at that desk reads the same entry.
 */
export class InAppChannel {
  constructor(private readonly inbox: InAppInbox) {}

  /** True when added; false when the inbox already had this id (an earlier attempt wrote it). */
  send(n: { id: string; procedureKey: string; party: Party; subject: string; body: string; at: string; ruleId?: string }): Promise<boolean> {
    return this.inbox.deliver({
      id: n.id,
      procedureKey: n.procedureKey,
      recipient: {
        role: n.party.role,
        ...(n.party.unit === undefined ? {} : { unit: n.party.unit }),
        // a notice for one person is shown to that person only.
        ...(n.party.personId === undefined ? {} : { personId: n.party.personId }),
      },
      subject: n.subject,
      body: n.body,
      at: n.at,
      ...(n.ruleId === undefined ? {} : { ruleId: n.ruleId }),
    });
  }
}
