import { ApiError, errorResponse, PROBLEM_TITLES } from './http';

describe('errorResponse (RFC 9457 problem details)', () => {
  it('sends application/problem+json with type, title, status, detail and the field-level details', () => {
    const response = errorResponse(
      new ApiError(400, 'invalid_field', 'amount must be positive', 'amount', [
        { field: 'amount', message: 'amount must be positive' },
      ]),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toEqual({
      type: 'https://payments.example.com/problems/invalid_field',
      title: 'A field is not valid',
      status: 400,
      detail: 'amount must be positive',
      code: 'invalid_field',
      field: 'amount',
      details: [{ field: 'amount', message: 'amount must be positive' }],
    });
  });

  it('keeps the error headers (Retry-After) and gives every code the handler uses a title', () => {
    const response = errorResponse(
      new ApiError(409, 'idempotency_key_in_flight', 'x', 'Idempotency-Key', undefined, {
        'retry-after': '1',
      }),
    );
    expect(response.headers?.['retry-after']).toBe('1');
    expect(Object.keys(PROBLEM_TITLES)).toHaveLength(19);
  });
});
