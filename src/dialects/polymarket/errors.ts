// The vendor's REST error body (spec 1.4, C12): protobuf-gateway style `{code, message}`, `code`
// the gRPC status for the HTTP status. Its SDKs show `message || error`, so the core's own
// errors on this listener (unknown path, wrong method, a refused body, an internal error) take
// this shape too; Linecast's code stays readable at the head of the message.
import type { ErrorShape } from '../../seam/http.js';

/** gRPC status codes by HTTP status, as grpc-gateway maps them. */
const GRPC: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  405: 12, // UNIMPLEMENTED
  409: 6, // ALREADY_EXISTS
  413: 3,
  415: 3,
  429: 8, // RESOURCE_EXHAUSTED
  501: 12,
  503: 14, // UNAVAILABLE
  504: 4, // DEADLINE_EXCEEDED
};

export const vendorErrorBody: ErrorShape = (status, code, message) => ({
  code: GRPC[status] ?? (status >= 500 ? 13 : 2), // INTERNAL, UNKNOWN
  message: `${code}: ${message}`,
});
