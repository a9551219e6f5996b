/**
 * Events exist in two APIs on a real server: core/v1 `events` and `events.k8s.io/v1` `events`, two views of the
 * same objects. The simulator stores both and keeps them mirrored; these are the field conversions between them.
 */
import { BUILTIN_PRINTERS, type Json, type TablePrinter } from './columns.js';

/** core/v1 Event -> events.k8s.io/v1 Event. */
export function coreToEventsV1(ev: Json): Json {
  const out: Json = {
    metadata: { ...ev.metadata },
    eventTime: ev.eventTime ?? null,
    reportingController: ev.reportingComponent || ev.source?.component || '',
    reportingInstance: ev.reportingInstance || ev.source?.host || '',
    action: ev.action ?? '',
    reason: ev.reason,
    regarding: ev.involvedObject,
    note: ev.message,
    type: ev.type,
    deprecatedSource: ev.source ?? {},
    deprecatedFirstTimestamp: ev.firstTimestamp ?? null,
    deprecatedLastTimestamp: ev.lastTimestamp ?? null,
    deprecatedCount: ev.count ?? 0,
  };
  if (ev.related) out.related = ev.related;
  return out;
}

/** events.k8s.io/v1 Event -> core/v1 Event. */
export function eventsV1ToCore(ev: Json): Json {
  return {
    metadata: { ...ev.metadata },
    involvedObject: ev.regarding ?? {},
    reason: ev.reason,
    message: ev.note,
    source: ev.deprecatedSource ?? { component: ev.reportingController },
    firstTimestamp: ev.deprecatedFirstTimestamp ?? null,
    lastTimestamp: ev.deprecatedLastTimestamp ?? null,
    count: ev.deprecatedCount ?? 1,
    type: ev.type,
    eventTime: ev.eventTime ?? null,
    reportingComponent: ev.reportingController ?? '',
    reportingInstance: ev.reportingInstance ?? '',
    action: ev.action,
  };
}

/** The Table printer of events.k8s.io/v1 (the same columns as core events, read through the conversion). */
export const EVENTS_V1_PRINTER: TablePrinter = {
  columns: BUILTIN_PRINTERS.events!.columns,
  cells: (ev, now) => BUILTIN_PRINTERS.events!.cells(eventsV1ToCore(ev), now),
};
