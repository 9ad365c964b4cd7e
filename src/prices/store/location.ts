// Cache locations: a file path, or a cache server's URL. A URL may carry a password; everything that
// prints a location prints it masked (`redis://***@host:6379/0`).

const SERVER_SCHEMES = new Set(['redis:', 'rediss:']);

/** True for `scheme://...` (a server), false for a file path (`C:\...` included). */
export function isServerUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/**
 * Checks a cache server URL: `redis://[user:pass@]host[:port][/db]` or `rediss://...`. Returns an error
 * message (without the credentials) or null when it is fine.
 */
export function parseServerUrl(location: string): string | null {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return 'not a valid URL';
  }
  if (!SERVER_SCHEMES.has(url.protocol.toLowerCase()))
    return `unsupported cache server ${url.protocol.slice(0, -1)}:// (use redis:// or rediss://, or a file path)`;
  if (url.hostname === '') return 'the URL names no host';
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) return `database ${JSON.stringify(db)}: must be a number such as 0`;
  if (url.search !== '' || url.hash !== '') return 'the URL may not carry a query or fragment';
  return null;
}

/**
 * `location` with any credentials replaced by `***`; with `secretOf`, also removes that URL's
 * credentials wherever they appear in `text` (an error message quoting the URL).
 */
export function maskCredentials(text: string, secretOf?: string): string {
  if (secretOf !== undefined) {
    let out = text;
    const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(secretOf)?.[1];
    if (userinfo !== undefined && userinfo !== '') {
      out = out.split(userinfo).join('***');
      for (const part of userinfo.split(':')) {
        if (part.length >= 3) out = out.split(part).join('***');
        try {
          const decoded = decodeURIComponent(part);
          if (decoded.length >= 3) out = out.split(decoded).join('***');
        } catch {
          // not percent-encoded
        }
      }
    }
    return out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/gi, '$1***@');
  }
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/gi, '$1***@');
}
