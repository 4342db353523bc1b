/**
 * An alert as one NDJSON line:
 * `{"rule":{id,name,severity,risk_score},"event":<the line as read>,"source":{file,line,offset}}`.
 *
 * The event is the input line copied in verbatim, never decoded and re-encoded: that keeps
 * writing alerts cheap and the event byte-for-byte what the archive holds (key order,
 * number spelling, escapes).
 */
import type { Alert, AlertRule } from '../pool/stats.js';

const ruleJson = new WeakMap<AlertRule, string>();

/** The NDJSON line of an alert, without its newline. */
export function alertJson(alert: Alert): string {
  let rule = ruleJson.get(alert.rule);
  if (rule === undefined) {
    const { id, name, severity, riskScore } = alert.rule;
    rule = JSON.stringify({ id, name, severity, risk_score: riskScore });
    ruleJson.set(alert.rule, rule);
  }
  const source = JSON.stringify({ file: alert.file, line: alert.line, offset: alert.offset });
  return `{"rule":${rule},"event":${alert.raw},"source":${source}}`;
}
