import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
const HistoryType = temporal.api.history.v1.History;

/**
 * Histories are committed as the protobuf object form (enums by name, 64-bit
 * integers as strings), which round-trips exactly through protobufjs.
 */
export function historyToObject(h: History): Record<string, unknown> {
  return HistoryType.toObject(HistoryType.fromObject(h), { longs: String, enums: String, bytes: String });
}

export function historyFromObject(o: Record<string, unknown>): History {
  return HistoryType.fromObject(o);
}
