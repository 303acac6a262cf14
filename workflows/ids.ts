/**
 * The one function that builds a procedure's workflow ID from its business key,
 * so a second start of the same procedure collides and is rejected.
 */
export function procedureWorkflowId(procedureKey: string): string {
  return `decision-procedure/${procedureKey}`;
}

export function procedureKeyOf(workflowId: string): string | undefined {
  const prefix = 'decision-procedure/';
  return workflowId.startsWith(prefix) ? workflowId.slice(prefix.length) : undefined;
}
