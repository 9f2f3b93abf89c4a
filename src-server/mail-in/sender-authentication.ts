import type { MailHeaders } from './auto-reply.js';

/** Whether the relay that received a mail vouches for its From address, and on what grounds. */
export type SenderAuthentication = { authenticated: true; by: string } | { authenticated: false; why: string };

/** One `method=result` of an Authentication-Results header, with its properties (`header.d`, `smtp.mailfrom`, …). */
interface MethodResult {
  method: string;
  result: string;
  properties: ReadonlyMap<string, string>;
}

/**
 * Whether the mail's From address is vouched for by the relay named `authservId`, from the
 * Authentication-Results header it added (RFC 8601). Only the topmost header with that
 * authserv-id counts: a relay adds its header above those the mail arrived with, so a header the
 * sender forged with the same name lies below it (a relay that follows RFC 8601 § 5 removes such
 * headers as well). Authenticated are: `dmarc=pass` for the From domain; or `dkim=pass` or
 * `spf=pass` for a domain aligned with it (the same domain, or one a subdomain of the other —
 * DMARC's relaxed alignment without the public-suffix list; a bare top-level domain aligns with
 * nothing). Everything else (`fail`, `softfail`, `none`, no header from the relay) is not.
 */
export function senderAuthentication(headers: MailHeaders, fromAddress: string, authservId: string): SenderAuthentication {
  const fromDomain = domainOf(fromAddress);
  const header = (headers.get('authentication-results') ?? []).map(parseAuthenticationResults).find((parsed) => parsed !== null && parsed.authservId === authservId.toLowerCase());
  if (header === undefined || header === null) return { authenticated: false, why: `no Authentication-Results from ${authservId}` };
  if (fromDomain === null) return { authenticated: false, why: 'the From address has no domain' };
  for (const { method, result, properties } of header.results) {
    if (result !== 'pass') continue;
    if (method === 'dmarc') {
      const checked = properties.get('header.from');
      if (checked === undefined || checked === fromDomain) return { authenticated: true, by: `dmarc=pass (${authservId})` };
    }
    if (method === 'dkim') {
      const signer = properties.get('header.d') ?? domainOf(properties.get('header.i') ?? '');
      if (signer !== null && aligned(signer, fromDomain)) return { authenticated: true, by: `dkim=pass header.d=${signer} (${authservId})` };
    }
    if (method === 'spf') {
      const envelope = domainOf(properties.get('smtp.mailfrom') ?? '') ?? properties.get('smtp.helo') ?? null;
      if (envelope !== null && aligned(envelope, fromDomain)) return { authenticated: true, by: `spf=pass smtp.mailfrom=${envelope} (${authservId})` };
    }
  }
  const said = header.results.map(({ method, result }) => `${method}=${result}`).join(', ');
  return { authenticated: false, why: `${authservId} does not vouch for ${fromDomain}${said === '' ? '' : ` (${said})`}` };
}

/** An Authentication-Results value taken apart, names and results lower case; null when it is not one. */
export function parseAuthenticationResults(value: string): { authservId: string; results: MethodResult[] } | null {
  const [head, ...parts] = withoutComments(value).split(';').map((part) => part.trim());
  // `authserv-id [version]`
  const authservId = head?.split(/\s+/u)[0]?.toLowerCase();
  if (authservId === undefined || authservId === '') return null;
  const results: MethodResult[] = [];
  for (const part of parts) {
    const [first, ...rest] = part.split(/\s+/u).filter((word) => word !== '');
    const match = first === undefined ? null : /^([a-z0-9-]+)(?:\/[0-9]+)?=([a-z0-9-]+)$/iu.exec(first);
    if (!match?.[1] || !match[2]) continue;
    const properties = new Map<string, string>();
    for (const word of rest) {
      const property = /^([a-z0-9-]+\.[a-z0-9-]+)=(.+)$/iu.exec(word);
      if (property?.[1] && property[2]) properties.set(property[1].toLowerCase(), unquote(property[2]).toLowerCase());
    }
    results.push({ method: match[1].toLowerCase(), result: match[2].toLowerCase(), properties });
  }
  return { authservId, results };
}

/** The value without its comments (RFC 5322 CFWS: parentheses, nested, with quoted pairs), each replaced by a space. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < value.length; index += 1) {
    const char = value.charAt(index);
    if (char === '\\' && (depth > 0 || quoted)) {
      if (depth === 0) out += value.slice(index, index + 2);
      index += 1;
    } else if (quoted) {
      out += char;
      if (char === '"') quoted = false;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')' && depth > 0) {
      depth -= 1;
      if (depth === 0) out += ' ';
    } else if (depth === 0) {
      out += char;
      if (char === '"') quoted = true;
    }
  }
  return out;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** The domain of `local@domain` (or of a bare domain), lower case; null when there is none. */
function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  const domain = (at < 0 ? address : address.slice(at + 1)).replace(/>$/u, '').trim().toLowerCase();
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/u.test(domain) ? domain : null;
}

/** DMARC's relaxed alignment, simplified: the same domain, or one a subdomain of the other; never a top-level domain alone. */
function aligned(domain: string, fromDomain: string): boolean {
  if (!domain.includes('.')) return false;
  return domain === fromDomain || fromDomain.endsWith(`.${domain}`) || domain.endsWith(`.${fromDomain}`);
}
