/** One named example of a body. */
export interface Example {
  readonly summary: string
  readonly description?: string
  readonly value: unknown
}
