// The replies the simulator sends, and the shapes of Yahoo's errors and pages.

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export const json = (status: number, value: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8' },
  body: JSON.stringify(value),
});

export const yahooError = (status: number, envelope: string, code: string, description: string): Reply =>
  json(status, { [envelope]: { result: null, error: { code, description } } });

export const html = (status: number, text: string): Reply => ({
  status,
  headers: { 'content-type': 'text/html;charset=utf-8' },
  body: `<!doctype html><html><head><title>${text}</title></head><body>${text}</body></html>`,
});
