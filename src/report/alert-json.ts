/**
 * An alert as one NDJSON line:
 * `{"rule":{id,name,severity,risk_score},"event":<the line as read>,"source":{file,line,offset}}`,
 * and a sequence or sample alert as
 * `{"rule":{...},"kind":"sequence","join_keys":[...],"events":[{"event":..,"source":{..}},..]}`,
 * its events in stage order, `{"event":null,"source":null,"missing":true}` standing for a
 * missing-event stage.
 *
 * The event is the input line copied in verbatim, never decoded and re-encoded: that keeps
 * writing alerts cheap and the event byte-for-byte what the archive holds (key order,
 * number spelling, escapes).
 */
import { isSequenceAlert, type AlertEvent, type AlertRule, type ScanAlert } from '../pool/stats.js';

const ruleJson = new WeakMap<AlertRule, string>();

/** The NDJSON line of an alert, without its newline. */
export function alertJson(alert: ScanAlert): string {
  let rule = ruleJson.get(alert.rule);
  if (rule === undefined) {
    const { id, name, severity, riskScore } = alert.rule;
    rule = JSON.stringify({ id, name, severity, risk_score: riskScore });
    ruleJson.set(alert.rule, rule);
  }
  if (isSequenceAlert(alert)) {
    const events = alert.events.map(eventJson).join(',');
    return `{"rule":${rule},"kind":"${alert.kind}","join_keys":${JSON.stringify(alert.joinKeys)},` +
      `"events":[${events}]}`;
  }
  const source = JSON.stringify({ file: alert.file, line: alert.line, offset: alert.offset });
  return `{"rule":${rule},"event":${alert.raw},"source":${source}}`;
}

function eventJson(event: AlertEvent | null): string {
  if (event === null) return '{"event":null,"source":null,"missing":true}';
  const source = JSON.stringify({ file: event.file, line: event.line, offset: event.offset });
  // An element of a pretty-printed JSON array spans lines; an NDJSON alert may not.
  const raw = event.raw.includes('\n') ? JSON.stringify(JSON.parse(event.raw)) : event.raw;
  return `{"event":${raw},"source":${source}}`;
}
