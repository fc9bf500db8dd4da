import type { ErrorBody } from './protocol.js';

/** An error answered as `status` with the JSON body {error, field}. */
export class HttpError extends Error {
  readonly status: number;
  readonly field: string;
  constructor(status: number, message: string, field: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.field = field;
  }
  body(): ErrorBody {
    return { error: this.message, field: this.field };
  }
}

/** A bad request body or parameter: 400 naming the field. */
export function invalid(field: string, message: string): never {
  throw new HttpError(400, `${field}: ${message}`, field);
}
