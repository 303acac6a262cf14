// Entry point of the workflow bundle (worker.ts: workflowsPath). One re-export per workflow file.
export * from './self-check.workflow';
export * from './decision-procedure.workflow';
export { decisionCatalog } from './catalog.workflow';
export { notificationDispatcher } from './notification-dispatcher.workflow';
