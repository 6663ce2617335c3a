/** An error answer of the simulated Sinch API: status plus Sinch's `{code, text}` body. */
export interface ApiError {
  status: number;
  code: string;
  text: string;
}

/** Builds an {@link ApiError}. */
export function apiError(status: number, code: string, text: string): ApiError {
  return { status, code, text };
}

/** Whether a value is an {@link ApiError} rather than a successful result. */
export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value && 'text' in value;
}
