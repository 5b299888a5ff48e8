// The server's version, reported by the native welcome frame, `/` and the OpenAPI document.
export const VERSION = '0.1.0';
