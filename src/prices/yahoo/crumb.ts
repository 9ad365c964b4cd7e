// How folio recognises a crumb and Yahoo's refusal of one: pure predicates for the client and its fetch.

/** A crumb is a short token (`haT3oykhHqZ`, sometimes with `/` or `.`): never text, HTML or JSON. */
export function isCrumb(body: ArrayBuffer): boolean {
  if (body.byteLength === 0 || body.byteLength > 64) return false;
  return /^[A-Za-z0-9._/\\-]+$/.test(new TextDecoder().decode(body).trim());
}

/** Yahoo's answer to a quote with an expired crumb: 401 `{"finance":{"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}`. */
export function isInvalidCrumb(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /invalid crumb/i.test(error.message) || (error as { code?: unknown }).code === 401;
}
