/**
 * Why a send failed, from nodemailer's error: the relay could not be reached (an outage, not the
 * mail's fault) or it refused this mail, for now (4xx) or for good (5xx).
 */
export type SendFailure = { kind: 'outage' } | { kind: 'refused'; permanent: boolean };

/** Codes of failures before or around the conversation: connection, DNS, TLS, login, timeouts, a garbled server. */
const outageCodes = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EREQUIRETLS', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'EPROXY', 'EPROTOCOL']);

export function classifySendError(error: unknown): SendFailure {
  const { code, responseCode } = typeof error === 'object' && error !== null ? (error as { code?: unknown; responseCode?: unknown }) : {};
  // 421: the service is shutting down or busy, whatever the command.
  if ((typeof code === 'string' && outageCodes.has(code)) || responseCode === 421) return { kind: 'outage' };
  if (typeof responseCode === 'number') return { kind: 'refused', permanent: isPermanentReply(responseCode) };
  // The message itself cannot be sent (no valid recipient, a broken part): trying again changes nothing.
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return { kind: 'refused', permanent: true };
  return { kind: 'outage' };
}

/** RFC 5321: 5yz is permanent, except 503 (bad sequence: a new connection may go through). */
function isPermanentReply(responseCode: number): boolean {
  return responseCode >= 500 && responseCode < 600 && responseCode !== 503;
}

/** Longest wait between two tries of a mail or of a relay that is down. */
export const retryMaxMs = 3_600_000;

/** Exponential back-off for the `attempt`-th failure (1 = the first): initial × 2^(attempt−1), at most an hour, ±25 % jitter. */
export function retryDelayMs(initialMs: number, attempt: number, random: number): number {
  const base = Math.min(initialMs * 2 ** Math.min(attempt - 1, 30), retryMaxMs);
  return Math.round(base * (0.75 + random * 0.5));
}
