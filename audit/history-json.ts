import { temporal } from '@temporalio/proto';
import type { History } from '@temporalio/common/lib/proto-utils';

/*
 * Histories in archives are written in protobufjs's object form (enums by name, 64-bit integers
 * as strings, bytes as base64), the form test/replay/histories/ uses: it round-trips exactly.
 * Not @temporalio/common's historyToJSON: in this dependency tree it fails ("type must be a
 * Type") because @temporalio/common and @temporalio/proto each carry their own protobufjs 8.
 */
const HistoryType = temporal.api.history.v1.History;

export function historyToText(h: History): string {
  return `${JSON.stringify(HistoryType.toObject(HistoryType.fromObject(h), { longs: String, enums: String, bytes: String }), null, 1)}\n`;
}

export function historyFromText(text: string): History {
  return HistoryType.fromObject(JSON.parse(text) as Record<string, unknown>);
}

/** As historyFromText, from an already parsed object. */
export const historyFromObject = (o: unknown): History => HistoryType.fromObject(o as Record<string, unknown>);
